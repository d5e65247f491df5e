-- Every syntactic form of the .ph language (golden input for the parser; see syntax_tour.ast).
{- block comments {- nest -} and may
   span lines -}
tempo: 0.5
cps: 0.5625
bpm: 120
bpm: 140 3

~lfo: sine 0.25
~bass $ saw 55 # lpf (~lfo * 900 + 1100) 0.7
  # delay 0.25 :mix 0.3 :feedback 0.5   -- keyword arguments
~sig: ~bass ~+ ~lfo ~* 0.5 ~- 0.1 ~/ 2

out: ~bass * 0.5 + ~sig
o1: every 2 (0.25 <~) $ every 3 rev $ s "bd sn hh"
o2 $ layer [id, (# speed 2) . rev] $ s "bd*2 [sn cp]"
d3 $ stutWith 3 (1/8) (|* speed 2) $ s "bd sn"
  |+| n "0 1" |+ n 1 +| n 2
  |-| n 1 |- n 1 -| n 1
  |*| speed 1 |* speed 1 *| speed 1
  |/| speed 1 |/ speed 1 /| speed 1
  |<| n 1 |< n 1 <| n 1
  |>| n 1 |> n 1 >| n 1
  |%| n 1 |% n 1 %| n 1
  |++| vowel "a" |++ vowel "e" ++| vowel "o"
o4: s (segment 4 $ wchoose [("bd", 1), ("sn", 0.5)]) # speed "<1 2 -1>" # pan (-0.5)
o5: timeCat [(1, s "bd*4"), (2, s "sn")] # n (-1) # gain 1e0
o6: zipWith (+) (1 +) ("0.25" ~>) # speed (-0.25) # speed (- 1) # speed -1
o7: "<300 990>" $ fast 9
o8: whenmod 4 2 (# speed 2) $ chunk' 4 (hurry 2) $ every' 4 2 (fast 2) $ s "a"
hush
hush o2
hush d3
