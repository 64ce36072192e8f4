package eventedit

// seatsNow stands for event.Seats until package event's seat kernel is
// merged. TODO: remove at the merge.
type seatsNow = struct {
	Capacity       *int
	Taken, Waiting int
}
