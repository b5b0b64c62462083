// Sign-in: username and password (and the tenant, when the name exists in several) give a session cookie; then back to the page the visitor first asked for.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session.ts';
import { LanguageSwitch } from '../../layout/language-switch.tsx';
import { queryClient, trpc } from '../../trpc.ts';

/** Only a path of this site may be returned to (never `//elsewhere`). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/monitoring';
}

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const next = safeNext(params.get('next'));
  const ids = { tenant: useId(), username: useId(), password: useId(), error: useId() };
  const [form, setForm] = useState({ tenantId: '', username: '', password: '' });
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.auth.me.queryFilter());
        void navigate(next, { replace: true });
      },
    }),
  );
  if (user) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ username: form.username, password: form.password, tenantId: form.tenantId.trim() || undefined });
  };
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })),
    required: name !== 'tenantId',
    'aria-invalid': signIn.isError || undefined,
    'aria-describedby': signIn.isError ? ids.error : undefined,
  });

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <h1>{t('signIn.title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('app.name')}</p>
        <form onSubmit={submit} noValidate={false}>
          <label htmlFor={ids.username}>{t('signIn.username')}</label>
          <input id={ids.username} name="username" autoComplete="username" {...field('username')} />
          <label htmlFor={ids.password}>{t('signIn.password')}</label>
          <input id={ids.password} name="password" type="password" autoComplete="current-password" {...field('password')} />
          <label htmlFor={ids.tenant}>{t('signIn.tenant')}</label>
          <input id={ids.tenant} name="tenant" autoComplete="organization" {...field('tenantId')} aria-describedby={`${ids.tenant}-hint`} />
          <span id={`${ids.tenant}-hint`} className="card-hint">
            {t('signIn.tenantHint')}
          </span>
          {signIn.isError ? (
            <p id={ids.error} className="form-error" role="alert">
              {t('signIn.failed')}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={signIn.isPending}>
            {signIn.isPending ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
