from django.urls import path

from talkoot.communities import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.directory, name="directory"),
    path("communities/new/", views.create, name="create"),
    path("c/<slug:slug>/", views.detail, name="detail"),
    path("c/<slug:slug>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/members/", views.members, name="members"),
    path("c/<slug:slug>/join/", views.join, name="join"),
    path("c/<slug:slug>/apply/", views.apply, name="apply"),
    path("c/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("c/<slug:slug>/leave/", views.leave, name="leave"),
    path("c/<slug:slug>/applications/", views.applications, name="applications"),
    path("c/<slug:slug>/applications/<int:application_id>/decide/", views.decide, name="decide"),
    path("c/<slug:slug>/history/", views.history, name="history"),
    path("c/<slug:slug>/people/<int:member_id>/trust/", views.trust_give, name="trust_give"),
    path("c/<slug:slug>/people/<int:member_id>/trust/withdraw/", views.trust_withdraw, name="trust_withdraw"),
]
