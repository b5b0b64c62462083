// A modal dialog on the native <dialog> element: focus is trapped, Escape closes it, the title labels it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface DialogProps {
  title: string;
  onClose: () => void;
  actions?: ReactNode;
  testId?: string;
  children: ReactNode;
}

export function Dialog({ title, onClose, actions, testId, children }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <div className="panel-actions">
          {actions}
          <button type="button" className="button" onClick={onClose}>
            {t('dialog.close')}
          </button>
        </div>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
