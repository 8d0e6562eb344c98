import { createHash } from "node:crypto";
import ipaddr from "ipaddr.js";
import { normalizeEmail } from "../users/normalize-email";

/**
 * The account a sign-in limit counts: a hash of the normalized email, so every spelling of one address is one
 * account, and the counter store holds no email (unknown addresses are counted the same way as real ones).
 */
export function accountKey(email: string): string {
	return createHash("sha256").update(normalizeEmail(email)).digest("hex").slice(0, 32);
}

/**
 * The address a sign-in limit counts: an IPv4 address as it is (IPv4-mapped IPv6 included), an IPv6 address by
 * its /64, because one subscriber (or one attacker) holds a whole /64 and could otherwise take a fresh address
 * per attempt. No address at all counts as one shared "unknown" address.
 */
export function addressKey(ip: string | undefined): string {
	if (ip === undefined || !ipaddr.isValid(ip)) return "unknown";
	const address = ipaddr.process(ip);
	if (address.kind() === "ipv4") return address.toString();
	const network = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
	return `${network.join(":")}::/64`;
}
