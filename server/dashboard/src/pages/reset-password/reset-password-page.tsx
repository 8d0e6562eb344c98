import { useLocation } from "../../router";
import { ChooseNewPassword } from "./choose-new-password";
import { RequestLink } from "./request-link";

/** /reset-password asks for the email; the emailed link (/reset-password?token=…) sets the new password. */
export function ResetPasswordPage() {
	const token = useLocation().search.get("token");
	return token === null || token === "" ? <RequestLink /> : <ChooseNewPassword token={token} />;
}
