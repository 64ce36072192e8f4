// Residens: the one optional script. The site works without it; with it, a
// form that comes back with errors puts the keyboard and screen-reader focus
// on the error summary, so the visitor hears at once what to fix (without
// it, the summary is where the skip link leads).
(function () {
	"use strict";
	function focusSummary() {
		var summary = document.querySelector(".error-summary");
		if (summary) {
			summary.focus();
		}
	}
	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", focusSummary);
	} else {
		focusSummary();
	}
})();
