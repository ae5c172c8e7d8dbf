from django.urls import path

from talkoot.kiosk import views

app_name = "kiosk"

urlpatterns = [
    path("kiosk/", views.home, name="home"),
    path("kiosk/pair/", views.pairing_start, name="pairing_start"),
    path("kiosk/help/", views.need_help, name="need_help"),
    path("kiosk/offers/", views.offers, name="offers"),
    path("kiosk/offers/<int:task_id>/take/", views.offer_take, name="offer_take"),
    path("kiosk/thanks/", views.thanks, name="thanks"),
    path("kiosk/companion/", views.companion, name="companion"),
    path("settings/screens/", views.screens, name="screens"),
    path("settings/screens/<int:screen_id>/end/", views.screen_revoke, name="screen_revoke"),
]
