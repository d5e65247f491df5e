-- Phaser: notches sweeping up and down the spectrum twice a second.
out: saw 110 * 0.5 # phaser 0.5 0.8 0.5
