xB
p*FR