await Vigil.runAndExit()
