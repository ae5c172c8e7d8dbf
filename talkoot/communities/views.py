from django.shortcuts import render


def home(request):
    return render(request, "communities/home.html", {})


def directory(request):
    return render(request, "communities/home.html", {})
