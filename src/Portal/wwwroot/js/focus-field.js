// Moves focus to a field by its id: the VPC builder's error summary links and its first error after a refused Create.
export function focusField(id) {
    const field = document.getElementById(id);
    if (!field) return;
    field.focus();
    field.scrollIntoView({ block: "center" });
}
