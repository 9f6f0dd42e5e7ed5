from django.urls import path

from producers.portal import core, identity, lots, orders, products, shop, wizard

app_name = "portal"
urlpatterns = [
    path("", wizard.WizardEntryView.as_view(), name="start"),
    path("join/account/", wizard.AccountStepView.as_view(), name="account"),
    path("join/profile/", wizard.ProfileStepView.as_view(), name="profile"),
    path("join/product/", wizard.ProductStepView.as_view(), name="product"),
    path("confirm/<str:token>/", wizard.ConfirmDraftView.as_view(), name="confirm_draft"),
    path("home/", shop.PortalHomeView.as_view(), name="home"),
    path("profile/", shop.ProfileEditView.as_view(), name="profile_edit"),
    path("selling/", shop.SellingSetupView.as_view(), name="selling_setup"),
    path("submit/", shop.ResubmitView.as_view(), name="submit"),
    path("identity/", identity.IdentityView.as_view(), name="identity"),
    path("products/new/", products.ProductFormView.as_view(), name="product_add"),
    path("orders/", orders.OrderListView.as_view(), name="orders"),
    path("orders/<str:number>/", orders.OrderDetailView.as_view(), name="order"),
    path(
        "orders/<str:number>/paid/", orders.PaymentReceivedView.as_view(), name="payment_received"
    ),
    path("orders/<str:number>/refunded/", orders.RefundGivenView.as_view(), name="refund_given"),
    path("products/<int:pk>/edit/", products.ProductFormView.as_view(), name="product_edit"),
    path(
        "products/<int:pk>/photos/<int:image_id>/",
        products.ProductPhotoView.as_view(),
        name="product_photo",
    ),
    path("products/import/", products.ProductImportView.as_view(), name="product_import"),
    path(
        "products/import/template.xlsx",
        products.ProductImportTemplateView.as_view(),
        name="product_import_template",
    ),
    path(
        "products/import/<int:pk>/",
        products.ProductImportResultView.as_view(),
        name="product_import_result",
    ),
    # The practice shop's own pages (practice/...) are mentoring's: config.urls adds them.
    path("practice/leave/", core.SandboxLeaveView.as_view(), name="practice_leave"),
    path("lots/", lots.LotListView.as_view(), name="lots"),
    path("lots/new/", lots.LotFormView.as_view(), name="lot_add"),
    path("lots/<int:pk>/", lots.LotFormView.as_view(), name="lot_edit"),
    path("lots/<int:pk>/labels.pdf", lots.LotLabelsView.as_view(), name="lot_labels"),
]
