package seed

// This file holds the demo content that `residens seed --demo` loads: the
// small vocabularies, the municipalities of Stockholm county and a set of
// residencies modelled on the ones Region Stockholm lists publicly.
//
// Where public facts were found (Sirqus Alfon in Skarpnäck, Jelnek as
// kommunkoreograf in Nacka 2024, the music residency in Vaxholm) the texts
// retell them in our own words. Everything else (most actors, venues, figures
// and outcomes) is invented for the demo, and the texts say so.
//
// Dates are offsets in days from the day the seed runs. The completed
// residencies with known periods were computed on 2026-11-26 so that they fall
// on their real periods when seeded around then.

// ArtForms are the art forms (konstformer).
var ArtForms = []Vocab{
	{Slug: "dans", Name: "Dans"},
	{Slug: "cirkus", Name: "Cirkus"},
	{Slug: "film", Name: "Film"},
	{Slug: "musik", Name: "Musik"},
	{Slug: "slojd", Name: "Slöjd"},
	{Slug: "textil", Name: "Textil"},
	{Slug: "teater", Name: "Teater"},
	{Slug: "bild-och-form", Name: "Bild och form"},
	{Slug: "litteratur", Name: "Litteratur"},
}

// TargetGroups are the target groups (målgrupper).
var TargetGroups = []Vocab{
	{Slug: "barn", Name: "Barn"},
	{Slug: "unga", Name: "Unga"},
	{Slug: "vuxna", Name: "Vuxna"},
	{Slug: "aldre", Name: "Äldre"},
}

// VenueTypes are the kinds of venue (verksamhet / plats) a residency runs in.
var VenueTypes = []Vocab{
	{Slug: "bibliotek", Name: "Bibliotek"},
	{Slug: "skola", Name: "Skola"},
	{Slug: "forskola", Name: "Förskola"},
	{Slug: "fritidsgard", Name: "Fritidsgård"},
	{Slug: "kulturhus", Name: "Kulturhus"},
	{Slug: "aldreboende", Name: "Äldreboende"},
	{Slug: "lekplats", Name: "Lekplats"},
	{Slug: "utomhus", Name: "Utomhus / offentlig plats"},
	{Slug: "mobil", Name: "Mobil verksamhet"},
}

// StockholmMunicipalities are the 26 municipalities of Stockholms län with
// their official kommunkod (SCB), in code order.
var StockholmMunicipalities = []Municipality{
	{Code: "0114", Name: "Upplands Väsby", Slug: "upplands-vasby", County: "Stockholms län"},
	{Code: "0115", Name: "Vallentuna", Slug: "vallentuna", County: "Stockholms län"},
	{Code: "0117", Name: "Österåker", Slug: "osteraker", County: "Stockholms län"},
	{Code: "0120", Name: "Värmdö", Slug: "varmdo", County: "Stockholms län"},
	{Code: "0123", Name: "Järfälla", Slug: "jarfalla", County: "Stockholms län"},
	{Code: "0125", Name: "Ekerö", Slug: "ekero", County: "Stockholms län"},
	{Code: "0126", Name: "Huddinge", Slug: "huddinge", County: "Stockholms län"},
	{Code: "0127", Name: "Botkyrka", Slug: "botkyrka", County: "Stockholms län"},
	{Code: "0128", Name: "Salem", Slug: "salem", County: "Stockholms län"},
	{Code: "0136", Name: "Haninge", Slug: "haninge", County: "Stockholms län"},
	{Code: "0138", Name: "Tyresö", Slug: "tyreso", County: "Stockholms län"},
	{Code: "0139", Name: "Upplands-Bro", Slug: "upplands-bro", County: "Stockholms län"},
	{Code: "0140", Name: "Nykvarn", Slug: "nykvarn", County: "Stockholms län"},
	{Code: "0160", Name: "Täby", Slug: "taby", County: "Stockholms län"},
	{Code: "0162", Name: "Danderyd", Slug: "danderyd", County: "Stockholms län"},
	{Code: "0163", Name: "Sollentuna", Slug: "sollentuna", County: "Stockholms län"},
	{Code: "0180", Name: "Stockholm", Slug: "stockholm", County: "Stockholms län"},
	{Code: "0181", Name: "Södertälje", Slug: "sodertalje", County: "Stockholms län"},
	{Code: "0182", Name: "Nacka", Slug: "nacka", County: "Stockholms län"},
	{Code: "0183", Name: "Sundbyberg", Slug: "sundbyberg", County: "Stockholms län"},
	{Code: "0184", Name: "Solna", Slug: "solna", County: "Stockholms län"},
	{Code: "0186", Name: "Lidingö", Slug: "lidingo", County: "Stockholms län"},
	{Code: "0187", Name: "Vaxholm", Slug: "vaxholm", County: "Stockholms län"},
	{Code: "0188", Name: "Norrtälje", Slug: "norrtalje", County: "Stockholms län"},
	{Code: "0191", Name: "Sigtuna", Slug: "sigtuna", County: "Stockholms län"},
	{Code: "0192", Name: "Nynäshamn", Slug: "nynashamn", County: "Stockholms län"},
}

// DemoActors are the cultural actors of the demo content. Jelnek and Sirqus
// Alfon are real; the others are invented and say so in their description.
var DemoActors = []DemoActor{
	{
		Slug:     "atelje-naver-och-ull",
		Name:     "Ateljé Näver & Ull",
		Kind:     "group",
		ArtForms: []string{"slojd", "textil"},
		Home:     "",
		Description: "Ateljé Näver & Ull är en slöjdgrupp som arbetar med näver, trä och ull och gärna blandar hårda och mjuka material. " +
			"Gruppen leder öppna verkstäder där barn och unga får prova traditionella tekniker. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "stygnkollektivet",
		Name:     "Stygnkollektivet",
		Kind:     "association",
		ArtForms: []string{"textil", "slojd"},
		Home:     "nacka",
		Description: "Stygnkollektivet är en ideell förening för textilkonstnärer som arbetar med broderi, lagning och återbruk. " +
			"Föreningen håller broderikvällar och workshoppar där begagnade textilier får nytt liv. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "kompani-gungbrada",
		Name:     "Kompani Gungbräda",
		Kind:     "group",
		ArtForms: []string{"cirkus"},
		Home:     "norrtalje",
		Description: "Kompani Gungbräda är en cirkusgrupp som spelar och leder workshoppar utomhus, gärna där barn redan leker. " +
			"Gruppen arbetar med akrobatik, balans och jonglering i enkla former som alla kan prova. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "filmkollektivet-roslagsljus",
		Name:     "Filmkollektivet Roslagsljus",
		Kind:     "group",
		ArtForms: []string{"film"},
		Home:     "norrtalje",
		Description: "Filmkollektivet Roslagsljus består av filmare och filmpedagoger som gör kortfilm och dokumentär tillsammans med unga. " +
			"Kollektivet lär ut hela kedjan från idé och manus till inspelning och klippning. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "danskollektivet-golvet",
		Name:     "Danskollektivet Golvet",
		Kind:     "group",
		ArtForms: []string{"dans"},
		Home:     "stockholm",
		Description: "Danskollektivet Golvet arbetar med street- och samtidsdans och har lång erfarenhet av att dansa med barn och unga. " +
			"Kollektivet gör korta föreställningar och öppna danspass på torg, skolgårdar och andra offentliga platser. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "ensemble-bakgard",
		Name:     "Ensemble Bakgård",
		Kind:     "group",
		ArtForms: []string{"musik"},
		Home:     "stockholm",
		Description: "Ensemble Bakgård är en liten musikgrupp med slagverk, bas och elektronik som skapar musik tillsammans med publiken. " +
			"Gruppen bygger gärna låtar av ljud som deltagarna själva spelar in. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "ramverk-dansfilm",
		Name:     "Ramverk dansfilm",
		Kind:     "group",
		ArtForms: []string{"dans", "film"},
		Home:     "botkyrka",
		Description: "Ramverk är en grupp där en koreograf och en filmare arbetar tillsammans med dansfilm. " +
			"Gruppen gör filmer där deltagarnas egna rörelser och närmiljö står i centrum. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "oskar-lindvall",
		Name:     "Oskar Lindvall",
		Kind:     "artist",
		ArtForms: []string{"slojd"},
		Home:     "varmdo",
		Description: "Oskar Lindvall är slöjdare med inriktning på täljning, näverslöjd och enklare snickeri i färskt trä. " +
			"Han har arbetat mycket med slöjd för barn i skolan och på fritiden. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "sirqus-alfon",
		Name:     "Sirqus Alfon",
		Kind:     "group",
		ArtForms: []string{"cirkus", "musik"},
		Home:     "stockholm",
		Description: "Sirqus Alfon är en Stockholmsbaserad grupp som blandar cirkus, clowneri, musik och digital teknik. " +
			"Gruppen började som gatushow i slutet av 1990-talet och har sedan turnerat i många länder med föreställningar där laser, video och publikens medverkan är viktiga inslag. " +
			"Gruppen har prisats vid fringefestivaler i Australien.",
	},
	{
		Slug:     "jelnek",
		Name:     "Jelnek",
		Kind:     "company",
		ArtForms: []string{"dans"},
		Home:     "",
		Description: "Jelnek är ett danskompani som arbetar med modern och nutida dans och vars medlemmar är utbildade danspedagoger. " +
			"Kompaniet möter barn och unga genom föreställningar, workshoppar och flashmobs. " +
			"År 2018 var Jelnek kommunkoreograf i Huddinge, och under 2024 hade kompaniet samma uppdrag i Nacka.",
	},
	{
		Slug:     "cirkuskompaniet-lyftet",
		Name:     "Cirkuskompaniet Lyftet",
		Kind:     "company",
		ArtForms: []string{"cirkus"},
		Home:     "",
		Description: "Cirkuskompaniet Lyftet arbetar med samtida cirkus för barn och unga och har ofta längre samarbeten med skolor. " +
			"Kompaniet leder cirkusträning där akrobatik, jonglering och balans kombineras med elevernas egna idéer. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "kompani-hand-i-hand",
		Name:     "Kompani Hand i hand",
		Kind:     "company",
		ArtForms: []string{"dans"},
		Home:     "sollentuna",
		Description: "Kompani Hand i hand är ett litet danskompani som skapar dans för möten mellan generationer. " +
			"Kompaniet dansar både på förskolor och på boenden för äldre och anpassar rörelserna så att alla kan vara med. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "kompani-vavrum",
		Name:     "Kompani Vävrum",
		Kind:     "group",
		ArtForms: []string{"dans"},
		Home:     "",
		Description: "Kompani Vävrum arbetar med dans i rum där människor redan möts, till exempel skolor och äldreboenden. " +
			"Gruppen utgår ofta från vardagsrörelser och minnen som deltagarna delar med sig av. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "emma-ekblad",
		Name:     "Emma Ekblad",
		Kind:     "artist",
		ArtForms: []string{"textil"},
		Home:     "danderyd",
		Description: "Emma Ekblad är textilkonstnär och arbetar med vävning, tryck och broderi. " +
			"Hon leder gärna samskapande projekt där deltagarnas berättelser blir till gemensamma textila verk. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
	{
		Slug:     "ensemble-smatoner",
		Name:     "Ensemble Småtoner",
		Kind:     "group",
		ArtForms: []string{"musik"},
		Home:     "",
		Description: "Ensemble Småtoner är en trio som gör konserter och musikstunder för de allra yngsta. " +
			"Gruppen arbetar med sång, rytm och enkla instrument som barnen själva får prova. " +
			"Kulturaktören är påhittad och ingår i portalens demoinnehåll.",
	},
}

// Notes shown at the end of the bodies, so that readers know what they are
// looking at.
const (
	demoNoteInvented = "*Texten är demoinnehåll för portalen Residens. Uppgifter om medverkande och upplägg är exempel.*"
	demoNoteExamples = "*Texten är demoinnehåll för portalen Residens. Uppgifter om medverkande, upplägg och resultat är exempel.*"
)

// DemoResidencies are the residencies of the demo content. The first five are
// ongoing, the rest completed.
var DemoResidencies = []DemoResidency{
	// Ongoing.
	{
		Slug:         "slojd-pa-ekero-kulturhus",
		Title:        "Slöjd på Ekerö kulturhus",
		Kind:         "kommunresidens",
		Municipality: "ekero",
		VenueName:    "Ekerö kulturhus",
		VenueTypes:   []string{"kulturhus"},
		TargetGroups: []string{"barn", "unga"},
		ArtForms:     []string{"slojd"},
		StartDays:    -120,
		EndDays:      150,
		Summary:      "Slöjdare arbetar under en längre period på kulturhuset i Ekerö och bjuder in barn och unga att tälja, väva och prova på slöjd i öppna verkstäder.",
		Body: "Under residenset har slöjdgruppen Ateljé Näver & Ull en verkstad på Ekerö kulturhus. Där arbetar gruppen med egna projekt och håller samtidigt dörren öppen för besökare.\n\n" +
			"Residenset ska göra slöjden synlig i kommunen och ge barn och unga chansen att arbeta med händerna tillsammans med yrkesverksamma slöjdare. Material som trä, näver och ull står i centrum.\n\n" +
			"## Så går det till\n\n" +
			"Varje vecka finns en öppen verkstad efter skoltid och under loven. Skolklasser kan boka besök, och under residensets sista månad visas det som har skapats i en gemensam utställning på kulturhuset.\n\n" +
			demoNoteInvented,
		Actors:   []DemoRole{{Actor: "atelje-naver-och-ull", Role: "Slöjdare"}},
		ImageAlt: SceneAlt("slojd"),
	},
	{
		Slug:         "broderi-och-second-hand-i-nacka",
		Title:        "Broderi och second hand-textil i Nacka",
		Kind:         "kommunresidens",
		Municipality: "nacka",
		VenueName:    "Bibliotek och fritidsgårdar i Nacka",
		VenueTypes:   []string{"bibliotek", "fritidsgard"},
		TargetGroups: []string{"unga", "vuxna"},
		ArtForms:     []string{"textil", "slojd"},
		StartDays:    -90,
		EndDays:      120,
		Summary:      "Ett textilt residens där broderi möter återbruk: deltagarna lagar, broderar och gör om begagnade plagg och tyger.",
		Body: "I det här residenset arbetar Stygnkollektivet med broderi och second hand-textil i Nacka. Utgångspunkten är att kläder och tyger som redan finns kan få ett längre liv med nål och tråd.\n\n" +
			"Textilkonstnärerna visar tekniker som synlig lagning, frihandsbroderi och applikation. Deltagarna tar med egna plagg eller väljer bland skänkta textilier och skapar något nytt.\n\n" +
			"## Så går det till\n\n" +
			"Residenset rör sig mellan bibliotek och fritidsgårdar. Unga möter konstnärerna på fritidsgårdarna, medan biblioteken har öppna broderikvällar för alla åldrar. Mot slutet av perioden planeras en gemensam visning av de omgjorda plaggen.\n\n" +
			demoNoteInvented,
		Actors:   []DemoRole{{Actor: "stygnkollektivet", Role: "Textilkonstnärer"}},
		ImageAlt: SceneAlt("textil"),
	},
	{
		Slug:         "cirkus-pa-lekplatser-i-norrtalje",
		Title:        "Cirkus på lekplatser i Norrtälje",
		Kind:         "kommunresidens",
		Municipality: "norrtalje",
		VenueName:    "Lekplatser i Norrtälje kommun",
		VenueTypes:   []string{"lekplats", "utomhus"},
		TargetGroups: []string{"barn"},
		ArtForms:     []string{"cirkus"},
		StartDays:    -170,
		EndDays:      200,
		Summary:      "Cirkusartister besöker lekplatser runt om i Norrtälje kommun och gör dem till platser för balans, akrobatik och jonglering.",
		Body: "Lekplatsen är redan en plats för klättring, balans och fart. I det här residenset tar Kompani Gungbräda vara på det och använder lekplatser i Norrtälje kommun som scen och träningsplats för cirkus.\n\n" +
			"Målet är att barn ska möta cirkus där de redan är, utan biljetter eller anmälan. Artisterna besöker lekplatser både i tätorterna och på landsbygden, så att fler delar av kommunen nås.\n\n" +
			"## Så går det till\n\n" +
			"Varje besök börjar med ett kort cirkusnummer och fortsätter med en stund där barnen får prova själva, till exempel att jonglera med sjalar eller balansera på en planka. Residenset pågår i ungefär ett år, med tätare besök under sommaren och loven.\n\n" +
			demoNoteInvented,
		Actors:   []DemoRole{{Actor: "kompani-gungbrada", Role: "Cirkusartister"}},
		ImageAlt: SceneAlt("cirkus"),
	},
	{
		Slug:         "film-med-unga-i-norrtalje",
		Title:        "Film med unga i Norrtälje",
		Kind:         "kommunresidens",
		Municipality: "norrtalje",
		VenueName:    "Fritidsgårdar i Norrtälje",
		VenueTypes:   []string{"fritidsgard"},
		TargetGroups: []string{"unga"},
		ArtForms:     []string{"film"},
		StartDays:    -60,
		EndDays:      180,
		Summary:      "Unga i Norrtälje gör egna kortfilmer tillsammans med professionella filmare, från första idé till färdig visning.",
		Body: "Filmkollektivet Roslagsljus har residens på fritidsgårdar i Norrtälje. Tillsammans med unga gör filmarna kortfilmer om det som deltagarna själva vill berätta.\n\n" +
			"Residenset ska ge unga möjlighet att uttrycka sig med rörlig bild och att lära sig hur en film blir till. Deltagarna prövar olika roller: manus, foto, ljud, skådespel och klippning.\n\n" +
			"## Så går det till\n\n" +
			"Grupperna träffas en kväll i veckan, och under loven hålls mer intensiva filmverkstäder. Residenset avslutas med en visning där filmerna visas för familj, vänner och andra intresserade.\n\n" +
			demoNoteInvented,
		Actors:   []DemoRole{{Actor: "filmkollektivet-roslagsljus", Role: "Filmare och filmpedagoger"}},
		ImageAlt: SceneAlt("film"),
	},
	{
		Slug:         "mobilt-kulturhus-i-ragsved",
		Title:        "Dans och musik i ett mobilt kulturhus i Rågsved",
		Kind:         "kommunresidens",
		Municipality: "stockholm",
		District:     "Rågsved",
		VenueName:    "Mobilt kulturhus i Rågsved",
		VenueTypes:   []string{"mobil", "utomhus"},
		TargetGroups: []string{"barn", "unga"},
		ArtForms:     []string{"dans", "musik"},
		StartDays:    -200,
		EndDays:      90,
		Summary:      "Ett mobilt kulturhus rör sig mellan torg, parker och gårdar i Rågsved, där dansare och musiker bjuder in barn och unga att skapa tillsammans.",
		Body: "I Rågsved kommer kulturhuset till invånarna i stället för tvärtom. Ett mobilt kulturhus med ljudanläggning, dansgolv och instrument flyttar mellan torg, parker och bostadsgårdar i stadsdelen.\n\n" +
			"Danskollektivet Golvet och Ensemble Bakgård delar på residenset. Dansarna och musikerna vill särskilt nå barn och unga som sällan söker sig till kulturaktiviteter på egen hand.\n\n" +
			"## Så går det till\n\n" +
			"Det mobila kulturhuset har fasta tider flera dagar i veckan. Deltagarna kan dansa, spela in egna ljud och göra musik som blir underlag för nya danser. Residenset avslutas med en gemensam fest i stadsdelen.\n\n" +
			demoNoteInvented,
		Actors: []DemoRole{
			{Actor: "danskollektivet-golvet", Role: "Dansare"},
			{Actor: "ensemble-bakgard", Role: "Musiker"},
		},
		ImageAlt: SceneAlt("dans"),
	},

	// Completed.
	{
		Slug:         "dansfilm-i-botkyrka",
		Title:        "Dansfilm med unga i Botkyrka",
		Kind:         "kommunresidens",
		Municipality: "botkyrka",
		VenueName:    "Fritidsgårdar och kulturhus i Botkyrka",
		VenueTypes:   []string{"fritidsgard", "kulturhus"},
		TargetGroups: []string{"unga"},
		ArtForms:     []string{"dans", "film"},
		StartDays:    -633,
		EndDays:      -531,
		Summary:      "Unga i Botkyrka skapade dansfilmer tillsammans med en koreograf och en filmare, med sina egna rörelser och platser som utgångspunkt.",
		Body: "I residenset arbetade gruppen Ramverk med dansfilm tillsammans med unga i Botkyrka. Dansfilm förenar koreografi och filmberättande och gör det möjligt att visa dans på platser där en scen aldrig skulle få plats.\n\n" +
			"Deltagarna valde själva platser i sin närmiljö, till exempel trappor, gångtunnlar och parker, och skapade rörelser utifrån dem. Koreografen och filmaren handledde arbetet och lärde ut grunderna i både dans och filmteknik.\n\n" +
			"## Så gick det till\n\n" +
			"Arbetet skedde vid träffar på fritidsgårdar och i kulturhuset, med inspelningsdagar ute i kommunen. Filmerna klipptes tillsammans med deltagarna och visades vid en gemensam premiär.\n\n" +
			demoNoteExamples,
		Participants: 38,
		Sessions:     22,
		Outcome:      "Fem korta dansfilmer färdigställdes och visades vid en premiär i kulturhuset.",
		Actors:       []DemoRole{{Actor: "ramverk-dansfilm", Role: "Koreograf och filmare"}},
		ImageAlt:     SceneAlt("dans"),
	},
	{
		Slug:         "slojdresidens-pa-varmdo",
		Title:        "Slöjdresidens på Värmdö",
		Kind:         "kommunresidens",
		Municipality: "varmdo",
		VenueName:    "Skolor och bibliotek på Värmdö",
		VenueTypes:   []string{"skola", "bibliotek"},
		TargetGroups: []string{"barn"},
		ArtForms:     []string{"slojd"},
		StartDays:    -808,
		EndDays:      -713,
		Summary:      "En slöjdare arbetade under en höst med barn på Värmdö och lät skärgårdens material och hantverk bli en del av skoldagen.",
		Body: "Slöjdaren Oskar Lindvall hade residens på Värmdö under en höst. Residenset knöt an till skärgårdens hantverk, där trä, näver och rep länge har varit vardagsmaterial.\n\n" +
			"Syftet var att barn skulle få möta slöjd som ett levande hantverk och prova tekniker som de sällan möter i skolan, som täljning i färskt trä och enkel näverslöjd.\n\n" +
			"## Så gick det till\n\n" +
			"Residenset delades mellan skolor och bibliotek. Under skoltid arbetade klasser med slöjd i korta kurser, och på biblioteken hölls öppna täljstunder för familjer på helgerna.\n\n" +
			demoNoteExamples,
		Participants: 210,
		Sessions:     34,
		Outcome:      "Omkring 200 barn provade täljning och näverslöjd, och residenset avslutades med en utställning på biblioteket.",
		Actors:       []DemoRole{{Actor: "oskar-lindvall", Role: "Slöjdare"}},
		ImageAlt:     SceneAlt("slojd"),
	},
	{
		Slug:         "cirkus-och-musik-i-skarpnack",
		Title:        "Cirkus och musik med fotbollstema i Skarpnäck",
		Kind:         "kommunresidens",
		Municipality: "stockholm",
		District:     "Skarpnäck",
		VenueName:    "Skarpnäcks kulturhus",
		VenueTypes:   []string{"kulturhus"},
		TargetGroups: []string{"unga"},
		ArtForms:     []string{"cirkus", "musik"},
		StartDays:    -815, // 2024-09-02
		EndDays:      -636, // 2025-02-28
		Summary:      "Sirqus Alfon bjöd in unga i Skarpnäck till workshoppar i cirkus och musik, med fotboll som gemensam nämnare.",
		Body: "Från september 2024 till februari 2025 hade Sirqus Alfon ett kommunresidens i och omkring Skarpnäcks kulturhus. Residenset leddes av artisterna Erik Rosales och Tobias Ulfvebrand och vände sig till unga mellan 13 och 22 år.\n\n" +
			"Tanken var att unga som sällan deltar i kulturaktiviteter skulle få upptäcka cirkus och musik. Fotbollen var en väg in: genom lokala fotbollsföreningar med både tjejer och killar kunde residenset nå nya deltagare. Ett annat mål var att fler skulle hitta till kulturhuset.\n\n" +
			"## Så gick det till\n\n" +
			"Artisterna samarbetade med föreningar som redan fanns i kulturhuset, med skolor i området, Kulturskolan och fotbollsföreningarna. Workshopparna rymde bland annat rytmik, clown och slapstick, fysisk teater och digital interaktion. Arbetssättet byggde på communitykultur, där professionella kulturaktörer skapar tillsammans med en grupp deltagare.\n\n" +
			"*Texten är skriven för portalens demoinnehåll och bygger på uppgifter som Skarpnäcks kulturhus har publicerat om residenset.*",
		Outcome:  "Under hösten 2024 och vintern 2025 erbjöd residenset unga i Skarpnäck workshoppar i cirkus och musik.",
		Actors:   []DemoRole{{Actor: "sirqus-alfon", Role: "Cirkus- och musikgrupp"}},
		ImageAlt: SceneAlt("cirkus"),
	},
	{
		Slug:         "kommunkoreograf-i-nacka-2024",
		Title:        "Kommunkoreograf i Nacka 2024",
		Kind:         "kommunkoreograf",
		Municipality: "nacka",
		VenueName:    "Kulturhus och fritidsgårdar i Nacka",
		VenueTypes:   []string{"kulturhus", "fritidsgard", "skola"},
		TargetGroups: []string{"barn", "unga"},
		ArtForms:     []string{"dans"},
		StartDays:    -1053, // 2024-01-08
		EndDays:      -713,  // 2024-12-13
		Summary:      "Under 2024 var danskompaniet Jelnek kommunkoreograf i Nacka och mötte fler än 1 600 barn och unga genom dans.",
		Body: "Under ledorden ”Hela Nacka dansar” hade Nacka kommun en kommunkoreograf under 2024. Uppdraget gick till danskompaniet Jelnek.\n\n" +
			"## Om uppdraget\n\n" +
			"Kommunkoreograf är en form av residens där en koreograf eller ett danskompani arbetar i en kommun under ett år. Nacka kommun och Region Stockholms danskonsulenter samarbetade kring uppdraget, som framför allt riktade sig till barn och unga mellan 7 och 19 år. Kommunens kulturhus och fritidsgårdar, både kommunala och privata, var med.\n\n" +
			"## Så gick det till\n\n" +
			"Arbetet kunde rymma workshoppar, föreställningar, Skapande skola-projekt, battles och communitydans. En utgångspunkt var att skapa dans utifrån hur det är att vara ung i Nacka. Aktiviteterna planerades tillsammans med kommunens projektledare och Region Stockholms danskonsulent.\n\n" +
			"*Texten är skriven för portalens demoinnehåll och bygger på offentligt publicerade uppgifter om uppdraget.*",
		Participants: 1650,
		Outcome:      "Jelnek nådde under året fler än 1 600 barn och unga i Nacka genom dans.",
		Actors:       []DemoRole{{Actor: "jelnek", Role: "Kommunkoreograf"}},
		ImageAlt:     SceneAlt("dans"),
	},
	{
		Slug:         "cirkus-i-skolan-i-nynashamn",
		Title:        "Cirkus i skolan i Nynäshamn",
		Kind:         "kommunresidens",
		Municipality: "nynashamn",
		VenueName:    "Grundskola i Nynäshamns kommun",
		VenueTypes:   []string{"skola"},
		TargetGroups: []string{"barn"},
		ArtForms:     []string{"cirkus"},
		StartDays:    -675,
		EndDays:      -622,
		Summary:      "Ett cirkuskompani arbetade under några veckor med elever på en skola i Nynäshamn, som en del av kommunens arbete med Skapande skola.",
		Body: "Cirkuskompaniet Lyftet hade residens på en grundskola i Nynäshamn. Residenset ingick i kommunens arbete med Skapande skola, där elever möter professionella kulturutövare och får skapa själva.\n\n" +
			"Eleverna fick lära sig grunderna i akrobatik, jonglering och balans. Lika viktigt var samarbetet: att lita på varandra, hjälpas åt och våga prova något nytt inför andra.\n\n" +
			"## Så gick det till\n\n" +
			"Artisterna fanns på skolan flera dagar i veckan och arbetade med en årskurs i taget. Lärarna deltog i träningen och fick med sig övningar att fortsätta med. Residenset avslutades med en föreställning där eleverna visade sina egna cirkusnummer.\n\n" +
			demoNoteExamples,
		Participants: 140,
		Sessions:     26,
		Outcome:      "Omkring 140 elever deltog, och residenset avslutades med en föreställning för familjer och andra elever på skolan.",
		Actors:       []DemoRole{{Actor: "cirkuskompaniet-lyftet", Role: "Cirkusartister och cirkuspedagoger"}},
		ImageAlt:     SceneAlt("cirkus"),
	},
	{
		Slug:         "dans-mellan-generationer-i-sollentuna",
		Title:        "Dans mellan generationer i Sollentuna",
		Kind:         "kommunresidens",
		Municipality: "sollentuna",
		VenueName:    "Förskola och äldreboende i Sollentuna",
		VenueTypes:   []string{"forskola", "aldreboende"},
		TargetGroups: []string{"barn", "aldre"},
		ArtForms:     []string{"dans"},
		StartDays:    -458,
		EndDays:      -391,
		Summary:      "Förskolebarn och äldre i Sollentuna möttes regelbundet i dans och rörelse under ledning av ett danskompani.",
		Body: "I residenset möttes två grupper som sällan träffas i vardagen: förskolebarn och äldre. Kompani Hand i hand ledde träffar där dansen blev ett gemensamt språk, oavsett ålder och rörelseförmåga.\n\n" +
			"Syftet var att skapa glädje, gemenskap och rörelse för både barn och äldre. Dansen anpassades så att alla kunde delta, även sittande.\n\n" +
			"## Så gick det till\n\n" +
			"En grupp förskolebarn besökte ett äldreboende varje vecka. Varje träff hade ett tema, till exempel att spegla varandras rörelser eller att dansa en saga. Efter dansen fikade barn och äldre tillsammans.\n\n" +
			demoNoteExamples,
		Participants: 48,
		Sessions:     10,
		Outcome:      "Knappt 50 barn och äldre deltog i tio dansträffar.",
		Actors:       []DemoRole{{Actor: "kompani-hand-i-hand", Role: "Dansare och koreografer"}},
		ImageAlt:     SceneAlt("dans"),
	},
	{
		Slug:         "dans-och-textil-i-danderyd",
		Title:        "Dans och textil med äldre och skolbarn i Danderyd",
		Kind:         "kommunresidens",
		Municipality: "danderyd",
		VenueName:    "Äldreboende och skola i Danderyd",
		VenueTypes:   []string{"aldreboende", "skola"},
		TargetGroups: []string{"barn", "aldre"},
		ArtForms:     []string{"dans", "textil"},
		StartDays:    -997,
		EndDays:      -909,
		Summary:      "Äldre och skolbarn i Danderyd skapade tillsammans en föreställning där dans och textil vävdes samman.",
		Body: "Residenset förenade dans och textil. En dansgrupp och en textilkonstnär arbetade med äldre på ett äldreboende och med elever från en närliggande skola.\n\n" +
			"Utgångspunkten var berättelser om kläder och tyger: ett favoritplagg, en gammal duk, ett minne av att sy eller väva. Berättelserna blev till rörelser i dansen och till mönster i ett gemensamt textilt verk.\n\n" +
			"## Så gick det till\n\n" +
			"Eleverna besökte äldreboendet regelbundet. Vissa träffar ägnades åt dans och andra åt broderi och vävning. Residenset avslutades med en visning där dansen framfördes och textilverket visades.\n\n" +
			demoNoteExamples,
		Participants: 70,
		Sessions:     18,
		Outcome:      "Ett 70-tal äldre och elever deltog, och residenset avslutades med en visning av dansen och det gemensamma textilverket.",
		Actors: []DemoRole{
			{Actor: "kompani-vavrum", Role: "Dansare"},
			{Actor: "emma-ekblad", Role: "Textilkonstnär"},
		},
		ImageAlt: SceneAlt("dans"),
	},
	{
		Slug:         "musik-for-de-yngsta-i-vaxholm",
		Title:        "Musik för de yngsta i Vaxholm",
		Kind:         "kommunresidens",
		Municipality: "vaxholm",
		VenueName:    "Sessionssalen i Rådhuset, Vaxholm",
		VenueTypes:   []string{"forskola"},
		TargetGroups: []string{"barn"},
		ArtForms:     []string{"musik"},
		StartDays:    -1445, // 2022-12-12
		EndDays:      -1364, // 2023-03-03
		Summary:      "Ett mindre musikresidens i Vaxholm där musiker tog fram en ny produktion för barn mellan ett och fyra år i nära samarbete med förskolor.",
		Body: "Arrangörer i Stockholms län efterfrågar fler musikproduktioner för de allra yngsta. Därför tog Region Stockholms musikkonsulenter och Vaxholms stad initiativ till ett mindre musikresidens, som startade i december 2022 och fortsatte under början av 2023.\n\n" +
			"Syftet var att påbörja eller slutföra en ny musikproduktion för barn mellan ett och fyra år. Kommunen upplät Sessionssalen i Rådhuset, och residenset omfattade ungefär två veckors arbete fördelat över perioden.\n\n" +
			"## Så gick det till\n\n" +
			"Musikerna samarbetade med förskolor i närheten. Förskolebarnen deltog i workshoppar och var provpublik medan produktionen växte fram.\n\n" +
			"*Texten är skriven för portalens demoinnehåll. Bakgrund och ramar bygger på Region Stockholms utlysning av residenset, medan den medverkande gruppen och resultatet är exempel.*",
		Participants: 85,
		Sessions:     10,
		Outcome:      "En ny musikföreställning för de yngsta togs fram och provspelades för barn från flera förskolor i Vaxholm.",
		Actors:       []DemoRole{{Actor: "ensemble-smatoner", Role: "Musiker"}},
		ImageAlt:     SceneAlt("musik"),
	},
}
