from django.urls import path

from triage import api

urlpatterns = [
    path("carers/", api.CarerListApi.as_view(), name="carer-list"),
    path("carers/<int:pk>/", api.CarerDetailApi.as_view(), name="carer-detail"),
    path("referrals/", api.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<str:reference>/", api.ReferralDetailApi.as_view(), name="referral-detail"),
]
