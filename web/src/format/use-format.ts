// The formatters of the current language and the tenant's time zone, rebuilt only when either changes.
import { createContext, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createFormatters, type Formatters } from './formatters.ts';

/** The tenant's IANA time zone (instants are shown in it, as every "day" of the API is). */
export const TimeZoneContext = createContext<string | undefined>(undefined);

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const timeZone = useContext(TimeZoneContext);
  return useMemo(() => createFormatters(i18n.language, timeZone), [i18n.language, timeZone]);
}
