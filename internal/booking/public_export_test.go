package booking

// Tomorrow exposes tomorrow to the external tests.
var Tomorrow = tomorrow
