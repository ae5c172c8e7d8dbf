from django.urls import path

from talkoot.proposals import views

app_name = "proposals"

urlpatterns = [
    path("c/<slug:slug>/proposals/", views.proposal_list, name="list"),
    path("c/<slug:slug>/proposals/new/", views.proposal_new, name="new"),
    path("c/<slug:slug>/proposals/<int:proposal_id>/", views.proposal_detail, name="detail"),
    path("c/<slug:slug>/proposals/<int:proposal_id>/respond/", views.proposal_respond, name="respond"),
    path("c/<slug:slug>/proposals/<int:proposal_id>/amend/", views.proposal_amend, name="amend"),
    path("c/<slug:slug>/proposals/<int:proposal_id>/withdraw/", views.proposal_withdraw, name="withdraw"),
]
