import { useEffect, useRef } from "react";
import type { LessonStep, Question } from "@toolboxai/shared";
import { getVersion } from "../../api/lessons";
import { Alert, Loading } from "../../components/page";
import { useLoad } from "../../hooks/use-load";
import { lessonError } from "./lesson-error";

/**
 * A version's steps in the order a student meets them, read-only. The answers are marked for the teacher (students
 * never see them): correct choices, the numeric answer and its tolerance, the right order of items the game shuffles.
 */
export function VersionPreview({ lessonId, version, onClose }: { lessonId: string; version: string; onClose: () => void }) {
	const loaded = useLoad(() => getVersion(lessonId, version), [lessonId, version], lessonError);
	const content = loaded.data?.content;
	// Opening the preview moves the keyboard to it.
	const heading = useRef<HTMLHeadingElement>(null);
	useEffect(() => heading.current?.focus(), []);
	return (
		<section className="card" aria-labelledby="preview-title">
			<h2 id="preview-title" ref={heading} tabIndex={-1}>
				Preview of version {version}
			</h2>
			{loaded.error !== undefined && <Alert>{loaded.error}</Alert>}
			{loaded.loading && <Loading label="Loading the version…" />}
			{content !== undefined && (
				<>
					<p className="muted">
						“{content.title}”, {content.steps.length} step{content.steps.length === 1 ? "" : "s"}, as a student meets them. Answers are marked for you only.
					</p>
					<ol data-testid="preview-steps">
						{content.steps.map((step) => (
							<li key={step.id}>
								<StepPreview step={step} />
							</li>
						))}
					</ol>
				</>
			)}
			<div className="actions">
				<button type="button" className="button" onClick={onClose}>
					Close preview
				</button>
			</div>
		</section>
	);
}

function StepPreview({ step }: { step: LessonStep }) {
	if (step.kind === "instruction") {
		return (
			<>
				<strong>{step.title ?? "Read"}</strong>
				<p>{step.text}</p>
			</>
		);
	}
	if (step.kind === "checkpoint") {
		return (
			<>
				<strong>{step.title ?? "Go to a checkpoint"}</strong>
				{step.text !== undefined && <p>{step.text}</p>}
				<p className="muted">The student reaches the part tagged {step.target}.</p>
			</>
		);
	}
	return (
		<>
			<strong>Question</strong> <span className="muted">({step.points} points)</span>
			<p>{step.prompt}</p>
			<AnswerPreview question={step.question} />
			{step.hints !== undefined && step.hints.length > 0 && <p className="muted">Hints: {step.hints.join(" · ")}</p>}
		</>
	);
}

function AnswerPreview({ question }: { question: Question }) {
	if (question.type === "single_choice" || question.type === "multiple_choice") {
		return (
			<ul>
				{question.choices.map((choice) => (
					<li key={choice.id} data-correct={choice.correct ? "true" : undefined}>
						{choice.text}
						{choice.correct && <strong> ✓ correct answer</strong>}
					</li>
				))}
			</ul>
		);
	}
	if (question.type === "numeric") {
		return (
			<p>
				<strong>
					Answer: {question.answer}
					{question.unit === undefined ? "" : ` ${question.unit}`}
					{question.tolerance > 0 ? ` (± ${question.tolerance})` : ""}
				</strong>
			</p>
		);
	}
	return (
		<>
			<p className="muted">The game shuffles these; the correct order is:</p>
			<ol>
				{question.items.map((item) => (
					<li key={item.id}>{item.text}</li>
				))}
			</ol>
		</>
	);
}
