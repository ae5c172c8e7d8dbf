from django.urls import path

from talkoot.actions import views, views_series
from talkoot.actions.views_for_you import for_you

app_name = "actions"

urlpatterns = [
    path("c/<slug:slug>/actions/new/", views.action_start, name="start"),
    path("c/<slug:slug>/need-help/", views.need_help, name="need_help"),
    path("c/<slug:slug>/actions/<int:action_id>/", views.action_detail, name="detail"),
    path("c/<slug:slug>/actions/<int:action_id>/stage/", views.move_stage, name="move_stage"),
    path("c/<slug:slug>/actions/<int:action_id>/assess/", views.assess, name="assess"),
    path("c/<slug:slug>/actions/<int:action_id>/tasks/new/", views.task_create, name="task_create"),
    path("c/<slug:slug>/tasks/<int:task_id>/split/", views.task_split, name="task_split"),
    path("c/<slug:slug>/tasks/<int:task_id>/cancel/", views.task_cancel, name="task_cancel"),
    path("c/<slug:slug>/tasks/<int:task_id>/claim/", views.task_claim, name="task_claim"),
    path("c/<slug:slug>/claims/<int:claim_id>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("c/<slug:slug>/claims/<int:claim_id>/done/", views.claim_done, name="claim_done"),
    path(
        "c/<slug:slug>/claims/<int:claim_id>/did-not-happen/", views.claim_did_not_happen, name="claim_did_not_happen"
    ),
    path("c/<slug:slug>/for-you/", for_you, name="for_you"),
    path("c/<slug:slug>/actions/<int:action_id>/series/new/", views_series.series_create, name="series_create"),
    path("c/<slug:slug>/series/<int:series_id>/edit/", views_series.series_edit, name="series_edit"),
    path("c/<slug:slug>/series/<int:series_id>/stop/", views_series.series_stop, name="series_stop"),
]
