// The single-page sample on Kairos's JSON API: plain fetch, no build. CSRF the Spring way (csrf.spa()): the token
// from the XSRF-TOKEN cookie goes back as the X-XSRF-TOKEN header.
'use strict';

const $ = (id) => document.getElementById(id);
let confirmPath = null; // set while a set-up waits for its first code

function csrfHeader() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? { 'X-XSRF-TOKEN': decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) } : {};
}

async function postJson(path, body) {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...csrfHeader() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function show(id) {
  for (const section of ['password', 'setup', 'code', 'recovery-codes', 'disable']) {
    $(section).hidden = !id.includes(section);
  }
}

async function hello() {
  const response = await fetch('/api/hello', { headers: { Accept: 'application/json' } });
  if (response.ok) {
    $('hello').textContent = 'Hello, ' + (await response.json()).hello;
    $('disable').hidden = false;
    return;
  }
  $('hello').textContent = '';
  const problem = response.headers.get('Content-Type')?.includes('problem+json') ? await response.json() : null;
  if (!problem) {
    await fetch('/mfa/api/status').catch(() => {}); // loads the CSRF cookie even when signed out
    show(['password']);
  } else if (problem.step === 'set-up') {
    $('message').textContent = problem.detail;
    const setup = await (await postJson(problem.href)).json();
    $('qr').src = setup.qrCode;
    $('key').textContent = setup.key;
    confirmPath = setup.confirm;
    show(['setup', 'code']);
  } else {
    $('message').textContent = problem.detail;
    confirmPath = null;
    show(['code']);
  }
}

$('password').addEventListener('submit', async (event) => {
  event.preventDefault();
  await fetch('/mfa/api/status').catch(() => {});
  const response = await fetch('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...csrfHeader() },
    body: new URLSearchParams({ username: $('username').value, password: $('password-field').value }),
  });
  $('message').textContent = response.ok ? '' : 'Wrong e-mail or password.';
  if (response.ok) {
    await hello();
  }
});

$('code').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await postJson(confirmPath ?? '/mfa/api/code', { code: $('code-field').value });
  const answer = await response.json();
  if (!response.ok) {
    $('message').textContent = answer.detail;
    return;
  }
  $('message').textContent = '';
  show(answer.recoveryCodes ? ['recovery-codes'] : []);
  for (const code of answer.recoveryCodes ?? []) {
    const item = document.createElement('li');
    item.textContent = code;
    $('recovery-list').appendChild(item);
  }
  await hello();
});

$('disable').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await postJson('/mfa/api/disable', { code: $('disable-code').value });
  if (!response.ok) {
    $('message').textContent = (await response.json()).detail;
    return;
  }
  $('disable-code').value = '';
  $('recovery-list').replaceChildren();
  await hello();
});

hello();
