from django.urls import path

from talkoot.companions import views

app_name = "companions"

_FOR = "c/<slug:slug>/companions/for/<int:member_id>/"

urlpatterns = [
    path("c/<slug:slug>/companions/", views.companions, name="list"),
    path("c/<slug:slug>/people/<int:member_id>/companion/", views.ask, name="ask"),
    path("c/<slug:slug>/companions/<int:companionship_id>/agree/", views.agree, name="agree"),
    path("c/<slug:slug>/companions/<int:companionship_id>/end/", views.end, name="end"),
    path(_FOR, views.acting, name="acting"),
    path(_FOR + "need-help/", views.need_help, name="need_help"),
    path(_FOR + "tasks/<int:task_id>/claim/", views.claim, name="claim"),
    path(_FOR + "claims/<int:claim_id>/withdraw/", views.withdraw, name="withdraw"),
    path(_FOR + "contributions/<int:contribution_id>/thanks/", views.thanks, name="thanks"),
    path(_FOR + "actions/<int:action_id>/assess/", views.assess, name="assess"),
]
