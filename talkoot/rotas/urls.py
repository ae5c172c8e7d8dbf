from django.urls import path

from talkoot.rotas import views

app_name = "rotas"

_SWAP = "c/<slug:slug>/rotas/<int:rota_id>/swaps/<int:swap_id>"

urlpatterns = [
    path("c/<slug:slug>/rotas/", views.rota_list, name="list"),
    path("c/<slug:slug>/rotas/new/", views.rota_create, name="new"),
    path("c/<slug:slug>/rotas/<int:rota_id>/", views.rota_detail, name="detail"),
    path("c/<slug:slug>/rotas/<int:rota_id>/stop/", views.rota_stop, name="stop"),
    path("c/<slug:slug>/rotas/<int:rota_id>/teams/<int:team_id>/join/", views.team_join, name="team_join"),
    path("c/<slug:slug>/rotas/<int:rota_id>/teams/<int:team_id>/leave/", views.team_leave, name="team_leave"),
    path("c/<slug:slug>/rotas/<int:rota_id>/swaps/new/", views.swap_propose, name="swap_propose"),
    path(f"{_SWAP}/accept/", views.swap_answer, {"answer": "accept"}, name="swap_accept"),
    path(f"{_SWAP}/decline/", views.swap_answer, {"answer": "decline"}, name="swap_decline"),
    path(f"{_SWAP}/withdraw/", views.swap_answer, {"answer": "withdraw"}, name="swap_withdraw"),
]
