// The one error banner: API messages shown as text.
const banner = () => document.getElementById('error');

export function showError(message) {
  banner().textContent = message;
  banner().hidden = false;
}

export function clearError() {
  banner().textContent = '';
  banner().hidden = true;
}
