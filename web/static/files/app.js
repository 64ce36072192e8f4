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
	// A filter disclosure saves a phone's screen; on a wide one there is
	// room, so it starts open.
	function openWide() {
		if (window.matchMedia && window.matchMedia("(min-width: 40em)").matches) {
			document.querySelectorAll("details[data-open-wide]").forEach(function (d) {
				d.open = true;
			});
		}
	}
	function ready() {
		openWide();
		focusSummary();
	}
	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", ready);
	} else {
		ready();
	}
})();
