Vigil.runAndExit()
