// Setting a price (admins): per million input and output tokens, in a currency, from a moment on; tokens used after
// it are costed with it, earlier ones keep the price valid at their time.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/dialog.tsx';
import { queryClient, trpc } from '../../trpc.ts';

/** `model:<name>` or `bot:<id>` from the URL. */
function parseSubject(subject: string): { kind: 'model' | 'bot'; name: string } {
  const at = subject.indexOf(':');
  const kind = subject.slice(0, at) === 'bot' ? 'bot' : 'model';
  return { kind, name: at >= 0 ? subject.slice(at + 1) : subject };
}

export function PriceDialog({ subject, onClose }: { subject: string; onClose: () => void }) {
  const { t } = useTranslation();
  const ids = { input: useId(), output: useId(), currency: useId(), from: useId() };
  const { kind, name } = parseSubject(subject);
  const [form, setForm] = useState({ input: '', output: '', currency: '', from: '' });
  const setPrice = useMutation(
    trpc.billing.setPrice.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.billing.pathFilter());
        onClose();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPrice.mutate({
      ...(kind === 'bot' ? { botId: name } : { model: name }),
      inputPerMillion: form.input.trim(),
      outputPerMillion: form.output.trim(),
      currency: form.currency.trim(),
      effectiveFrom: form.from ? new Date(form.from).toISOString() : undefined,
    });
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <Dialog title={t('price.title', { name })} onClose={onClose} testId="price-dialog">
      <form onSubmit={submit} className="price-form">
        <p className="muted">{t('price.explain')}</p>
        <div className="field">
          <label htmlFor={ids.input}>{t('price.input')}</label>
          <input id={ids.input} inputMode="decimal" required pattern="\d{1,12}(\.\d{1,6})?" value={form.input} onChange={set('input')} />
        </div>
        <div className="field">
          <label htmlFor={ids.output}>{t('price.output')}</label>
          <input id={ids.output} inputMode="decimal" required pattern="\d{1,12}(\.\d{1,6})?" value={form.output} onChange={set('output')} />
        </div>
        <div className="field">
          <label htmlFor={ids.currency}>{t('price.currency')}</label>
          <input
            id={ids.currency}
            required
            pattern="[A-Za-z]{3}"
            maxLength={3}
            value={form.currency}
            onChange={set('currency')}
            style={{ width: 90 }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.from}>{t('price.from')}</label>
          <input id={ids.from} type="datetime-local" value={form.from} onChange={set('from')} />
        </div>
        {setPrice.isError ? (
          <p className="form-error" role="alert">
            {t('price.failed')}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={setPrice.isPending}>
          {t('price.save')}
        </button>
      </form>
    </Dialog>
  );
}
