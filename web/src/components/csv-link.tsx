// A download link to a table's CSV route, with the same input as the screen, so the file always equals the page (every
// page of it), its header in the page's language.
import { useTranslation } from 'react-i18next';
import { csvUrl } from '../api/csv-url.ts';

interface CsvLinkProps {
  /** `<area>/<name>`, e.g. `stats/trend`. */
  path: string;
  input?: Record<string, unknown>;
  /** The file the browser saves, without extension. */
  fileName: string;
}

export function CsvLink({ path, input, fileName }: CsvLinkProps) {
  const { t, i18n } = useTranslation();
  return (
    <a
      className="button button-quiet"
      href={csvUrl(path, { ...input, lang: i18n.language })}
      download={`${fileName}.csv`}
      data-testid={`csv-${path}`}
    >
      <span aria-hidden="true">⤓ </span>
      {t('csv.download')}
    </a>
  );
}
