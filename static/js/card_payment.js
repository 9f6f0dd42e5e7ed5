// Production card form: Stripe.js collects the card and confirms the PaymentIntent (3-D Secure
// included) in the browser. The order becomes paid only when Stripe's webhook says so; this
// script just takes the buyer to the order's page, which waits for that.
(function () {
  var form = document.getElementById("card-form");
  if (!form || !window.Stripe) return;
  var stripe = window.Stripe(form.dataset.key);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    stripe.confirmCardPayment(form.dataset.secret, { payment_method: { card: card } })
      .then(function (result) {
        if (result.error) {
          document.getElementById("card-error").textContent = result.error.message;
        } else {
          window.location = form.dataset.next;
        }
      });
  });
})();
