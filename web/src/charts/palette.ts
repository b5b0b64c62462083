// Chart colours: distinguishable for common colour-vision deficiencies and ≥ 3:1 against white (Okabe–Ito based).

export const palette = ['#0b5cad', '#d55e00', '#117a65', '#a3338a', '#8a6d00', '#5a4fcf', '#b03a2e', '#4a5568'] as const;

/** The colour of the n-th series. */
export const colorAt = (n: number): string => palette[n % palette.length]!;
