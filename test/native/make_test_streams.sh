#!/usr/bin/env bash
# Makes the native tests' streams with Debian's ffmpeg CLI (about 5 s), plus framemd5 oracles
# of the same streams decoded by the CLI. Usage: make_test_streams.sh OUTDIR
set -euo pipefail
out=${1:?usage: make_test_streams.sh OUTDIR}
mkdir -p "$out" && cd "$out"
# Remade whenever this script changes.
stamp=.done-$(sha256sum "$0" | cut -c1-16)
[ -f "$stamp" ] && exit 0
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
src="-f lavfi -i testsrc2=size=320x240:rate=30"

# H.264 Annex B, High profile with B-frames (reordering), 30 frames.
ff $src -frames:v 30 -c:v libx264 -preset veryfast -g 15 -bf 2 -bsf:v h264_mp4toannexb -f h264 h264.h264
ff -i h264.h264 -f framemd5 h264.framemd5
# 1080p, every frame a big IDR (about 150 KB): slow tasks for the teardown tests.
ff -f lavfi -i testsrc2=size=1920x1080:rate=30 -frames:v 8 -c:v libx264 -preset veryfast -g 1 -qp 4 \
  -bsf:v h264_mp4toannexb -f h264 h264_1080p.h264
# Formats WebCodecs names with a suffix, and one it cannot name (gray -> converted to I420).
ff $src -frames:v 5 -c:v libx264 -preset veryfast -pix_fmt yuv420p10le -f h264 h264_10bit.h264
ff $src -frames:v 5 -c:v libx264 -preset veryfast -pix_fmt yuv444p -f h264 h264_444.h264
ff $src -frames:v 5 -c:v libx264 -preset veryfast -pix_fmt gray -f h264 h264_gray.h264
# A format WebCodecs cannot name (gray8; native-only decoder, tests the swscale path).
ff $src -frames:v 3 -c:v png -pix_fmt gray -f image2pipe gray.png
# Non-square pixels: SAR 4:3 in the SPS.
ff $src -frames:v 5 -c:v libx264 -preset veryfast -vf setsar=4/3 -f h264 h264_sar.h264
ff $src -frames:v 5 -c:v libx264 -preset veryfast -vf setsar=8/9 -f h264 h264_sar_tall.h264
# BT.709 colour description in the VUI.
ff $src -frames:v 5 -c:v libx264 -preset veryfast -color_primaries bt709 -color_trc bt709 \
  -colorspace bt709 -color_range tv -f h264 h264_bt709.h264
# AV1 in IVF for libdav1d.
ff $src -frames:v 10 -c:v libaom-av1 -cpu-used 8 -row-mt 1 -f ivf av1.ivf
ff -c:v libdav1d -i av1.ivf -f framemd5 av1.framemd5

# GIF: animated (ffmpeg's gif encoder writes changed rectangles with transparency, so frames
# need compositing), looping twice, and a still one; framemd5 of ffmpeg's own decode.
ff -f lavfi -i testsrc2=size=64x48:rate=10 -frames:v 6 -loop 0 anim.gif
ff -i anim.gif -f framemd5 anim.gif.framemd5
ff -f lavfi -i testsrc2=size=34x18:rate=25 -frames:v 3 -loop 2 loop2.gif
ff -f lavfi -i testsrc2=size=30x10 -frames:v 1 -loop -1 still.gif
# PNG and APNG (ffmpeg's apng encoder picks dispose and blend operations per frame).
ff -f lavfi -i testsrc2=size=64x48:rate=10 -frames:v 5 -plays 0 -f apng anim.apng
ff -i anim.apng -f framemd5 anim.apng.framemd5
ff -i anim.apng -pix_fmt bgra -f framemd5 anim.apng.bgra.framemd5
ff -f lavfi -i testsrc2=size=32x16:rate=20 -frames:v 2 -plays 3 -f apng plays3.apng
ff -f lavfi -i testsrc2=size=30x10 -frames:v 1 -c:v png -f image2pipe still.png
ff -i still.png -f framemd5 still.png.framemd5
ff -i still.png -pix_fmt bgra -f framemd5 still.png.bgra.framemd5
# JPEG: 4:2:0 (ImageDecoder keeps it I420), 4:4:4 (converted to BGRA, as native Chromium does),
# and one with an EXIF APP1 segment saying orientation 6 spliced in after SOI; BMP.
ff -f lavfi -i testsrc2=size=34x18 -frames:v 1 -pix_fmt yuvj420p still420.jpg
ff -i still420.jpg -f framemd5 still420.jpg.framemd5
ff -f lavfi -i testsrc2=size=34x18 -frames:v 1 -pix_fmt yuvj444p still444.jpg
ff -i still444.jpg -pix_fmt bgra -f framemd5 still444.jpg.bgra.framemd5
{ head -c 2 still420.jpg
  printf '\xff\xe1\x00\x22Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00'
  tail -c +3 still420.jpg; } > orientation6.jpg
# JPEG for libjpeg-turbo (jpeg_test.cc, oracle djpeg), made by cjpeg: 4:2:0 (even, odd, 1000x700,
# progressive, restart intervals, arithmetic coding), 4:2:2, 4:4:4, 4:4:0, grey and RGB at odd
# sizes, and ffmpeg's 4:2:2 (luma 2x2 over chroma 1x2).
ppm() { ff -f lavfi -i testsrc2=size=64x48 -vf "scale=${1/x/:}" -frames:v 1 -pix_fmt rgb24 -f image2pipe -c:v ppm -; }
ppm 64x48 | cjpeg -sample 2x2 > jpeg_420.jpg
ppm 33x17 > jpeg_odd.ppm
cjpeg -sample 2x2 jpeg_odd.ppm > jpeg_420_odd.jpg
cjpeg -sample 2x1 jpeg_odd.ppm > jpeg_422_odd.jpg
cjpeg -sample 1x1 jpeg_odd.ppm > jpeg_444_odd.jpg
cjpeg -sample 1x2 jpeg_odd.ppm > jpeg_440_odd.jpg
cjpeg -grayscale jpeg_odd.ppm > jpeg_gray_odd.jpg
cjpeg -rgb jpeg_odd.ppm > jpeg_rgb.jpg
rm jpeg_odd.ppm
ppm 1000x700 | cjpeg -sample 2x2 > jpeg_big_420.jpg
ppm 250x130 | cjpeg -progressive -sample 2x2 > jpeg_progressive_420.jpg
ppm 64x48 | cjpeg -sample 2x2 -restart 1 > jpeg_restart_420.jpg
ppm 64x48 | cjpeg -sample 2x2 -arithmetic > jpeg_arithmetic_420.jpg
ff -f lavfi -i testsrc2=size=34x18 -frames:v 1 -pix_fmt yuvj422p jpeg_ffmpeg_422.jpg
ff -f lavfi -i testsrc2=size=34x18 -frames:v 1 -pix_fmt bgr24 still.bmp
ff -i still.bmp -pix_fmt bgra -f framemd5 still.bmp.bgra.framemd5
# WebP (cwebp/webpmux from Debian's webp), odd sizes. Stills: lossy (ImageDecoder gives its
# I420 planes) and lossless, oracle ffmpeg's own webp decoder; lossy with alpha, oracle dwebp
# (RGBA PAM: libwebp's fancy upsampling, which ffmpeg's scaler does not reproduce).
rgba() { ff -f lavfi -i "testsrc2=size=$1,format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='$2'" -frames:v 1 "$3"; }
ff -f lavfi -i testsrc2=size=32x18 -vf scale=33:19,format=rgb24 -frames:v 1 webp_opaque.png
rgba 33x19 'X*255/32' webp_alpha.png
cwebp -quiet -q 80 webp_opaque.png -o webp_lossy.webp
ff -i webp_lossy.webp -f framemd5 webp_lossy.webp.framemd5
cwebp -quiet -q 80 webp_alpha.png -o webp_lossy_alpha.webp
dwebp -quiet webp_lossy_alpha.webp -pam -o webp_lossy_alpha.pam
cwebp -quiet -lossless webp_opaque.png -o webp_lossless.webp
ff -i webp_lossless.webp -pix_fmt bgra -f framemd5 webp_lossless.webp.bgra.framemd5
cwebp -quiet -lossless webp_alpha.png -o webp_lossless_alpha.webp
ff -i webp_lossless_alpha.webp -pix_fmt bgra -f framemd5 webp_lossless_alpha.webp.bgra.framemd5
# Animated: a 37x23 canvas of lossless, lossy and lossy+ALPH frames at even offsets, with
# disposal to background, blending of partial alpha over partial alpha and over cleared
# (transparent) canvas, and no-blend frames; loop count 3. webpmux's +d+x+y+m+/-b sets duration,
# offsets, dispose method and blending of each frame.
rgba 37x23 'X*7' webp_f0.png
rgba 13x9 '1+X*19' webp_f1.png
rgba 21x13 'if(lt(X,5),0,if(lt(X,12),128,255))' webp_f2.png
rgba 11x7 'Y*40' webp_f3.png
ff -f lavfi -i testsrc2=size=16x10 -frames:v 1 webp_f4.png
cwebp -quiet -lossless -exact webp_f0.png -o webp_f0.webp
cwebp -quiet -lossless -exact webp_f1.png -o webp_f1.webp
cwebp -quiet -lossless webp_f2.png -o webp_f2.webp
cwebp -quiet -q 70 webp_f3.png -o webp_f3.webp
cwebp -quiet -q 70 webp_f4.png -o webp_f4.webp
webpmux -frame webp_f0.webp +100+0+0+1-b -frame webp_f1.webp +30+0+0+0+b \
  -frame webp_f4.webp +120+4+6+1+b -frame webp_f2.webp +70+10+8+0+b \
  -frame webp_f1.webp +20+20+12+0+b -frame webp_f3.webp +40+2+2+0-b -loop 3 -o webp_anim.webp >/dev/null
# Opaque frames (no alpha flag), looping forever.
ff -f lavfi -i testsrc2=size=32x18:rate=10 -vf scale=33:19,format=rgb24 -ss 0.5 -frames:v 1 webp_opaque2.png
img2webp -loop 0 -lossy -d 100 webp_opaque.png -d 50 webp_opaque2.png -o webp_anim_opaque.webp 2>/dev/null

# AVIF (avifenc/avifdec from Debian's libavif-bin), 33x17. Oracles: avifdec's y4m (the YUV
# planes, bit-exact) and its PNG as raw BGRA (libyuv's RGB conversion: compared within a
# tolerance); for the image sequence, ffmpeg's framemd5 (its mov demuxer reads the avis track).
av() { avifenc -s 10 "$@" >/dev/null; }
odd="testsrc2=size=34x18,scale=33:17,setsar=1"
avif_oracle() {  # name pix_fmt
  avifdec "$1.avif" "$1.y4m" >/dev/null && ff -i "$1.y4m" -pix_fmt "$2" -f framemd5 "$1.avif.framemd5"
}
avif_bgra() { avifdec "$1.avif" "$1.png" >/dev/null && ff -i "$1.png" -pix_fmt bgra -f rawvideo "$1.bgra"; }
for f in yuv420p yuv422p yuv444p; do
  ff -f lavfi -i "$odd" -frames:v 1 -pix_fmt $f avif_$f.y4m && av avif_$f.y4m avif_$f.avif && avif_oracle avif_$f $f
done
ff -f lavfi -i "$odd" -frames:v 1 avif_src.png
av -d 10 -y 420 avif_src.png avif_yuv420p10.avif && avif_oracle avif_yuv420p10 yuv420p10le
av -y 400 avif_src.png avif_gray.avif && avif_bgra avif_gray
ff -f lavfi -i "$odd,format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='X*7'" -frames:v 1 avif_alpha_src.png
av -y 420 avif_alpha_src.png avif_alpha.avif && avif_bgra avif_alpha
av -d 10 -y 444 avif_alpha_src.png avif_alpha10.avif && avif_bgra avif_alpha10
# Image sequences: durations 100, 250 and 40 ms (timescale 1000), without and with alpha.
for i in 0 1 2; do
  ff -f lavfi -i "$odd,format=rgba,geq=r='r(X,Y)':g='g(X+$i*5,Y)':b='b(X,Y)':a='X*7+$i*20'" -frames:v 1 avif_a$i.png
  ff -i avif_a$i.png -pix_fmt yuv420p avif_o$i.y4m  # y4m: avifenc adds alpha to any PNG
done
av --timescale 1000 --duration 100 avif_o0.y4m --duration 250 avif_o1.y4m --duration 40 avif_o2.y4m avif_anim.avif
ff -c:v libdav1d -i avif_anim.avif -f framemd5 avif_anim.avif.framemd5
avif_bgra avif_anim
av -y 420 --timescale 1000 --duration 100 avif_a0.png --duration 250 avif_a1.png --duration 40 avif_a2.png avif_anim_alpha.avif

# Audio: 1 s of 440 Hz stereo at 48 kHz.
asrc="-f lavfi -i sine=frequency=440:sample_rate=48000:duration=1"
ff $asrc -ac 2 -f s16le -c:a pcm_s16le pcm_s16le.raw
ff $asrc -ac 2 -f s24le -c:a pcm_s24le pcm_s24le.raw
ff $asrc -ac 2 -c:a aac -b:a 128k -f adts aac.adts
touch "$stamp"
