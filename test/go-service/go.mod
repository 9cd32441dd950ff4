module flamedeck.test/goservice

go 1.19
