from django.urls import path

from talkoot.reports import views

app_name = "reports"

urlpatterns = [
    path("c/<slug:slug>/reports/", views.report_list, name="list"),
    path("c/<slug:slug>/reports/new/", views.report_new, name="new"),
    path("c/<slug:slug>/reports/<int:report_id>/hide/", views.hide, name="hide"),
    path("c/<slug:slug>/reports/<int:report_id>/dismiss/", views.dismiss, name="dismiss"),
    path("c/<slug:slug>/reports/<int:report_id>/keep-hidden/", views.keep_hidden, name="keep_hidden"),
    path("c/<slug:slug>/reports/<int:report_id>/propose-removal/", views.propose_removal, name="propose_removal"),
]
