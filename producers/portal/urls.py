from django.urls import path

from producers import portal_views as views

app_name = "portal"
urlpatterns = [
    path("", views.WizardEntryView.as_view(), name="start"),
    path("join/account/", views.AccountStepView.as_view(), name="account"),
    path("join/profile/", views.ProfileStepView.as_view(), name="profile"),
    path("join/product/", views.ProductStepView.as_view(), name="product"),
    path("confirm/<str:token>/", views.ConfirmDraftView.as_view(), name="confirm_draft"),
    path("home/", views.PortalHomeView.as_view(), name="home"),
    path("profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("selling/", views.SellingSetupView.as_view(), name="selling_setup"),
    path("submit/", views.ResubmitView.as_view(), name="submit"),
    path("products/new/", views.ProductFormView.as_view(), name="product_add"),
    path("orders/", views.OrderListView.as_view(), name="orders"),
    path("orders/<str:number>/", views.OrderDetailView.as_view(), name="order"),
    path("orders/<str:number>/paid/", views.PaymentReceivedView.as_view(), name="payment_received"),
    path("orders/<str:number>/refunded/", views.RefundGivenView.as_view(), name="refund_given"),
    path("products/<int:pk>/edit/", views.ProductFormView.as_view(), name="product_edit"),
    path(
        "products/<int:pk>/photos/<int:image_id>/",
        views.ProductPhotoView.as_view(),
        name="product_photo",
    ),
    path("products/import/", views.ProductImportView.as_view(), name="product_import"),
    path(
        "products/import/template.xlsx",
        views.ProductImportTemplateView.as_view(),
        name="product_import_template",
    ),
    path(
        "products/import/<int:pk>/",
        views.ProductImportResultView.as_view(),
        name="product_import_result",
    ),
    # The practice shop's own pages (practice/...) are mentoring's: config.urls adds them.
    path("practice/leave/", views.SandboxLeaveView.as_view(), name="practice_leave"),
    path("lots/", views.LotListView.as_view(), name="lots"),
    path("lots/new/", views.LotFormView.as_view(), name="lot_add"),
    path("lots/<int:pk>/", views.LotFormView.as_view(), name="lot_edit"),
    path("lots/<int:pk>/labels.pdf", views.LotLabelsView.as_view(), name="lot_labels"),
]
