import { Page } from "../../components/page";
import { Link } from "../../router";

export function NotFoundPage() {
	return (
		<Page title="Page not found">
			<p>
				There is no page here. <Link href="/">Go to the start page</Link>.
			</p>
		</Page>
	);
}
