// Searchable selects: <select data-enhance="search"> becomes a Tom Select (static/vendor/tom-select) — type to
// filter, arrow keys and Enter to choose, Backspace to remove a choice. Without JavaScript the native select stays.
// Loaded after tom-select.complete.min.js, which defines window.TomSelect.
if (window.TomSelect) {
  document.querySelectorAll("select[data-enhance=search]").forEach((select) => {
    const multiple = select.multiple;
    const control = new window.TomSelect(select, {
      plugins: multiple ? { remove_button: { title: select.dataset.removeLabel || "×" } } : {},
      maxOptions: null,
      hidePlaceholder: true,
      allowEmptyOption: !multiple,
      selectOnTab: false,
      closeAfterSelect: !multiple,
      render: { no_results: () => `<div class="no-results">${select.dataset.noResults || "—"}</div>` },
    });
    // The error summary's links and aria-describedby point at the select's id; keep them meaningful.
    const described = select.getAttribute("aria-describedby");
    if (described) control.control_input.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) control.wrapper.classList.add("is-invalid");
  });
}
