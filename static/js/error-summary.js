// The error summary (templates/includes/error_summary.html): focused when the page loads, so a screen reader reads
// it first and a keyboard user starts from it; each link moves focus to its field (for a searchable select, to
// the search box Tom Select put in its place).
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-error-link]");
    if (!link) return;
    const field = document.getElementById(link.dataset.errorLink);
    if (!field) return;
    event.preventDefault();
    const target = field.tomselect ? field.tomselect.control_input : field;
    (field.closest(".mb-3, fieldset") || field).scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });
}
