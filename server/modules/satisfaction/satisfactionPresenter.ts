/** A rating as the API shows it: on the ticket (staff and its requester), on the rating page. */
export function presentRating(r: { score: number; comment: string | null; rated_at: Date | string }) {
  return { score: r.score, comment: r.comment, rated_at: new Date(r.rated_at).toISOString() };
}
