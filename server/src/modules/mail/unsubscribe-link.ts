/** Where one click (the mail app's button, RFC 8058, or the footer's link) stops notices to the address. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
	return `${publicUrl}/v1/mail/unsubscribe?token=${encodeURIComponent(token)}`;
}
