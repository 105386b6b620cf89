import { login } from '../api.js';
import { el, replace } from '../ui.js';

export function render(main, params, query) {
  const error = el('p.form-error', { role: 'alert' });
  const username = el('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = el('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const submit = el('button.button.primary.wide', { type: 'submit' }, 'Sign in');
  const form = el('form.login-card', {
    onsubmit: async event => {
      event.preventDefault();
      error.textContent = '';
      submit.disabled = true;
      try {
        await login(username.value.trim(), password.value);
        location.hash = query.next ? '#' + query.next : '#/dags';
      } catch (e) {
        error.textContent = e.status === 401 ? 'Wrong user name or password.' : e.message;
        password.select();
      } finally {
        submit.disabled = false;
      }
    },
  },
  el('div.login-brand', el('img', { src: '/assets/logo.svg', alt: '', width: 40, height: 40 }), el('h1', 'Updraft')),
  el('p.muted', 'Sign in with your Updraft user (the same users as the REST API).'),
  el('label', { for: 'username' }, 'User name'), username,
  el('label', { for: 'password' }, 'Password'), password,
  error, submit,
  el('p.hint', 'The admin password of ', el('code', 'updraft standalone'), ' is printed at start and kept in ',
    el('code', '$UPDRAFT_HOME/standalone_admin_password.txt'), '.'));
  replace(main, el('div.login-page', form));
  username.focus();
}
