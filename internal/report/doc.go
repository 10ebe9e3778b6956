// Package report writes what a replay did as web pages a student opens in a
// browser and hands in: one page per chapter (ch04.html, …) with each
// section's title, the note it retells, its output exactly as printed, its
// pictures inline where the output names them, the test that checks it and
// links to its tutorial text and source files; an index.html of the
// chapters run in the folder; and grade.html, the table of the classroom
// graders (see Grade).
//
// Pages are self-contained: CSS and SVG inline, no script, nothing fetched.
// They are written with html/template, so no printed text can break them,
// and they carry a print style sheet (one section per printed page,
// pictures never cut). Beside every picture the numbers it draws are
// written as CSV (plot's CSV methods), and the page links to them.
//
// A replay of one section updates its chapter's page: the results of every
// section are kept in chNN.json beside the page, and the page is rendered
// again from them.
package report
