// Reports which WebCodecs interfaces a dedicated worker sees (none, where WebCodecs is switched off).
postMessage(['VideoDecoder', 'AudioDecoder', 'EncodedVideoChunk', 'VideoFrame', 'AudioData'].filter((k) => k in self));
