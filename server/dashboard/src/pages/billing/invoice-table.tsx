import type { BillingInvoice } from "@toolboxai/shared";
import { formatTime } from "../../format";

function amount(invoice: BillingInvoice): string {
	return new Intl.NumberFormat(undefined, { style: "currency", currency: invoice.currency.toUpperCase() }).format(invoice.amountDue / 100);
}

export function InvoiceTable({ invoices }: { invoices: ReadonlyArray<BillingInvoice> }) {
	if (invoices.length === 0) return <p className="muted">No invoices yet.</p>;
	return (
		<div className="table-wrap">
			<table>
				<thead>
					<tr>
						<th scope="col">Number</th>
						<th scope="col">Date</th>
						<th scope="col">Amount</th>
						<th scope="col">Status</th>
						<th scope="col">Links</th>
					</tr>
				</thead>
				<tbody>
					{invoices.map((invoice) => (
						<tr key={invoice.id}>
							<td>{invoice.number ?? invoice.id}</td>
							<td>{formatTime(invoice.createdAt)}</td>
							<td>{amount(invoice)}</td>
							<td>{invoice.status}</td>
							<td>
								{invoice.hostedUrl !== undefined && (
									<a href={invoice.hostedUrl} rel="noreferrer" target="_blank">
										View
									</a>
								)}{" "}
								{invoice.pdfUrl !== undefined && (
									<a href={invoice.pdfUrl} rel="noreferrer" target="_blank">
										PDF
									</a>
								)}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}
