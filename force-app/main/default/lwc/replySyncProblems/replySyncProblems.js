/**
 * The bridge's problems with step settings (POST /v1/steps/validate: { code, params, field, message }), in the
 * admin's language: one Custom Label per code, its {placeholders} filled from the params. The problems themselves
 * are the bridge's; nothing here decides what is wrong.
 */
import { fill } from 'c/replySyncText';
import LABELS from './labels';

/** The problem's text: its code's label with the params, or the bridge's English when this console lacks the code. */
export function problemMessage(problem) {
    const label = LABELS[problem?.code];
    return label ? fill(label, problem.params ?? {}) : (problem?.message ?? String(problem?.code ?? ''));
}

/**
 * One verdict's problems, each with its text, its section and, for a row, the key of the row it was found on (the
 * draft's rows in the order sent, `rowKeys` by section: see replySyncSettings.rowKeysBySection).
 */
export function placedProblems(verdict, rowKeys = {}) {
    return (verdict?.problems ?? []).map((problem, index) => {
        const { section = 'step', row, column } = problem.field ?? {};
        return {
            key: `problem-${index}`,
            code: problem.code,
            text: problemMessage(problem),
            section,
            column,
            rowKey: row === undefined ? undefined : rowKeys[section]?.[row]
        };
    });
}

/** The problems of one section that concern no row: shown under the section's heading. */
export function sectionProblems(problems, section) {
    return (problems ?? []).filter((problem) => problem.section === section && problem.rowKey === undefined);
}

/** The problems of one section's rows, for the row editor: a function of the row. */
export function rowProblemsOf(problems, section) {
    const own = (problems ?? []).filter((problem) => problem.section === section && problem.rowKey !== undefined);
    return (row) => own.filter((problem) => problem.rowKey === row.key);
}

/** A section's problems as the row editor takes them: `messages` for the section, `rowProblems` for its rows. */
export function sectionView(problems, section) {
    return { messages: sectionProblems(problems, section), rowProblems: rowProblemsOf(problems, section) };
}

/** Every problem of several verdicts as plain lines, each named by its step: for places that show no fields. */
export function verdictMessages(verdicts, nameOf) {
    return (verdicts ?? []).flatMap((verdict, index) =>
        (verdict.problems ?? []).map((problem) => `${nameOf(verdict, index)}: ${problemMessage(problem)}`)
    );
}
