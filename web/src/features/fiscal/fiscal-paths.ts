/** The fiscal view's page (财政测算), the coordinator's. */
export const fiscalPath = '/fiscal';
