/**
 * The footer's link: a dashboard page where the person confirms (opening a link must change nothing: mail scanners
 * open links too). Mail apps get the one-click address in List-Unsubscribe instead (RFC 8058), which is a POST.
 */
export function unsubscribePageUrl(publicUrl: string, token: string): string {
	return `${publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** List-Unsubscribe's one-click address: a POST to the service stops notices to the address. */
export function oneClickUnsubscribeUrl(publicUrl: string, token: string): string {
	return `${publicUrl}/v1/mail/unsubscribe?token=${encodeURIComponent(token)}`;
}
