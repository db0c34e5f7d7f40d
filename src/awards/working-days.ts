/**
 * Notice periods (公示期) are counted in working days: Monday to Friday on Beijing dates
 * (src/shared/working-days.ts). Statutory holidays and the weekend days worked in their place
 * (调休) are NOT modelled: a notice over 国庆节 or 春节 must be given a longer period by hand.
 */

/** The default notice period: five working days. */
export const defaultNoticeDays = 5;
