import type { BillingOverview } from "@toolboxai/shared";
import { useState, type FormEvent } from "react";
import { updateBilling } from "../../api/billing";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";

/** Auto-add seats, billing contacts, card or invoice (net days, PO number), tax id and exemption. */
export function BillingSettingsForm({ overview, onSaved }: { overview: BillingOverview; onSaved: (next: BillingOverview) => void }) {
	const [autoAdd, setAutoAdd] = useState(overview.autoAddSeats);
	const [contacts, setContacts] = useState(overview.contacts.join(", "));
	const [invoice, setInvoice] = useState(overview.paymentMethod === "invoice");
	const [days, setDays] = useState(String(overview.daysUntilDue ?? 30));
	const [poNumber, setPoNumber] = useState(overview.poNumber ?? "");
	const [taxId, setTaxId] = useState(overview.taxId ?? "");
	const [taxExempt, setTaxExempt] = useState(overview.taxExempt);
	const save = useAction();
	const submit = (event: FormEvent) => {
		event.preventDefault();
		void save.run(async () => {
			const next = await updateBilling({
				autoAddSeats: autoAdd,
				contacts: contacts
					.split(/[,\s]+/)
					.map((email) => email.trim())
					.filter((email) => email !== ""),
				paymentMethod: invoice ? "invoice" : "card",
				...(invoice ? { daysUntilDue: Number(days) } : {}),
				poNumber,
				taxId,
				taxExempt,
			});
			onSaved(next);
		});
	};
	return (
		<form className="form card" onSubmit={submit} noValidate aria-label="Billing settings">
			<h2>Settings</h2>
			<label className="choice">
				<input type="checkbox" checked={autoAdd} onChange={(e) => setAutoAdd(e.target.checked)} />
				Add seats automatically when a new student joins past the seats bought (prorated)
			</label>
			<label>
				Billing contacts (emails, separated by commas)
				<input value={contacts} onChange={(e) => setContacts(e.target.value)} />
			</label>
			<label className="choice">
				<input type="checkbox" checked={invoice} onChange={(e) => setInvoice(e.target.checked)} />
				Pay by invoice (purchase order) instead of card
			</label>
			{invoice && (
				<label>
					Days to pay each invoice
					<input inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
				</label>
			)}
			<label>
				Purchase-order number
				<input value={poNumber} onChange={(e) => setPoNumber(e.target.value)} />
			</label>
			<label>
				Tax id
				<input value={taxId} onChange={(e) => setTaxId(e.target.value)} />
			</label>
			<label>
				Tax status
				<select value={taxExempt} onChange={(e) => setTaxExempt(e.target.value as BillingOverview["taxExempt"])}>
					<option value="none">Taxable</option>
					<option value="exempt">Tax-exempt</option>
					<option value="reverse">Reverse charge</option>
				</select>
			</label>
			{save.error !== undefined && <Alert>{save.error}</Alert>}
			<div className="actions">
				<button type="submit" className="button primary" disabled={save.busy}>
					{save.busy ? "Saving…" : "Save settings"}
				</button>
			</div>
		</form>
	);
}
