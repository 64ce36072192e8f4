// Package jobs runs the portal's background work on River, a job queue in the
// portal's own PostgreSQL database: the e-mail of package mail, an hourly
// clean-up of expired rows, and the periodic work of the areas, which they
// plug in as an Extension (the reminders of tomorrow's advisory meetings live
// in the booking area), so that this package never imports an area. Jobs
// are inserted in the same transaction as the change they follow, so they
// exist exactly when that change commits; any instance may work them, and
// River's leader election makes one instance run the periodic jobs.
//
// The hourly clean-up deletes expired sessions, old tokens, the day-old
// throttle events and the extra manage links of meetings past a month, and
// removes the personal data of applications whose retention has passed. A
// job may run JobTimeout; one left running by an instance that died is
// rescued by the leader after RescueStuckJobsAfter and run again.
package jobs
