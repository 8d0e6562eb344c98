import type { LessonContent } from "@toolboxai/shared";

/** Lesson fixtures for the tree <-> contract specs: every step kind, every question type, optional fields present and absent. */
export const FIXTURES: Record<string, LessonContent> = {
	"one instruction": { schemaVersion: 1, title: "Hello", steps: [{ kind: "instruction", id: "intro", text: "Welcome." }] },
	"instruction with title": {
		schemaVersion: 1,
		title: "Titled",
		steps: [{ kind: "instruction", id: "intro", title: "Start here", text: "Read this first." }],
	},
	"checkpoint, target only": { schemaVersion: 1, title: "Walk", steps: [{ kind: "checkpoint", id: "reach", target: "HalfMarker" }] },
	"checkpoint with title and text": {
		schemaVersion: 1,
		title: "Walk more",
		steps: [{ kind: "checkpoint", id: "reach", title: "Go", text: "Walk to the red part.", target: "RedPart" }],
	},
	"single choice": {
		schemaVersion: 1,
		title: "Fractions",
		steps: [
			{
				kind: "quiz",
				id: "q1",
				prompt: "Which is larger?",
				points: 10,
				question: {
					type: "single_choice",
					choices: [
						{ id: "a", text: "1/2", correct: false },
						{ id: "b", text: "3/4", correct: true },
					],
				},
			},
		],
	},
	"multiple choice with hints and time limit": {
		schemaVersion: 1,
		title: "Primes",
		steps: [
			{
				kind: "quiz",
				id: "primes",
				prompt: "Which are prime?",
				points: 5.5,
				timeLimitSeconds: 60,
				hints: ["A prime has two divisors.", "1 is not prime."],
				question: {
					type: "multiple_choice",
					choices: [
						{ id: "two", text: "2", correct: true },
						{ id: "three", text: "3", correct: true },
						{ id: "four", text: "4", correct: false },
					],
				},
			},
		],
	},
	"numeric with unit": {
		schemaVersion: 1,
		title: "Speed",
		steps: [{ kind: "quiz", id: "speed", prompt: "How fast?", points: 0, question: { type: "numeric", answer: 12.5, tolerance: 0.5, unit: "m/s" } }],
	},
	"numeric without unit, negative answer": {
		schemaVersion: 1,
		title: "Below zero",
		steps: [{ kind: "quiz", id: "cold", prompt: "Freezing point in F minus 40?", points: 3, question: { type: "numeric", answer: -8, tolerance: 0 } }],
	},
	ordering: {
		schemaVersion: 1,
		title: "Planets",
		steps: [
			{
				kind: "quiz",
				id: "order",
				prompt: "Order from the Sun",
				points: 20,
				timeLimitSeconds: 3600,
				question: {
					type: "ordering",
					items: [
						{ id: "mercury", text: "Mercury" },
						{ id: "venus", text: "Venus" },
						{ id: "earth", text: "Earth" },
					],
				},
			},
		],
	},
	"everything, eleven steps (Order 10 after 9)": {
		schemaVersion: 1,
		title: "Fractions on a number line",
		steps: [
			{ kind: "instruction", id: "s1", text: "One." },
			{ kind: "checkpoint", id: "s2", target: "A" },
			{ kind: "instruction", id: "s3", title: "Three", text: "Three." },
			{
				kind: "quiz",
				id: "s4",
				prompt: "Pick",
				points: 1,
				question: {
					type: "single_choice",
					choices: [
						{ id: "x", text: "X", correct: true },
						{ id: "y", text: "Y", correct: false },
					],
				},
			},
			{
				kind: "quiz",
				id: "s5",
				prompt: "Pick all",
				points: 2,
				hints: ["h"],
				question: {
					type: "multiple_choice",
					choices: [
						{ id: "x", text: "X", correct: true },
						{ id: "y", text: "Y", correct: true },
					],
				},
			},
			{ kind: "quiz", id: "s6", prompt: "How many?", points: 3, timeLimitSeconds: 5, question: { type: "numeric", answer: 3, tolerance: 0.1 } },
			{
				kind: "quiz",
				id: "s7",
				prompt: "Sort",
				points: 4,
				question: {
					type: "ordering",
					items: [
						{ id: "b", text: "B" },
						{ id: "a", text: "A" },
					],
				},
			},
			{ kind: "checkpoint", id: "s8", title: "Eight", target: "B" },
			{ kind: "instruction", id: "s9", text: "Nine." },
			{ kind: "instruction", id: "s10", text: "Ten." },
			{ kind: "checkpoint", id: "s11", text: "Eleven", target: "C" },
		],
	},
	"unicode text and five hints": {
		schemaVersion: 1,
		title: "Ñandú — ½ 🦤",
		steps: [
			{
				kind: "quiz",
				id: "bird",
				prompt: "¿Cuál es más grande?",
				points: 1000,
				hints: ["uno", "dos", "tres", "cuatro", "cinco"],
				question: {
					type: "single_choice",
					choices: [
						{ id: "nandu", text: "Ñandú", correct: true },
						{ id: "kiwi", text: "Kiwi 🥝", correct: false },
					],
				},
			},
		],
	},
};
