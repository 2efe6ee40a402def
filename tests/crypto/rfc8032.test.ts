import { describe, expect, it } from 'vitest';
import { hostCrypto } from '../../protocol/crypto/host';
import { IMPLEMENTATIONS, hex } from './implementations';

// RFC 8032 §7.1 TEST 1–3, as published (secret key, public key, message, signature).
const RFC8032 = [
  {
    name: 'TEST 1',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3',
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

describe('RFC 8032 §7.1 test vectors', () => {
  for (const v of RFC8032) {
    it(`${v.name}: the host kit derives the published key and signature`, () => {
      expect(Buffer.from(hostCrypto.publicKey(hex(v.secret))).toString('hex')).toBe(v.publicKey);
      expect(Buffer.from(hostCrypto.sign(hex(v.message), hex(v.secret))).toString('hex')).toBe(v.signature);
    });
    for (const [name, crypto] of IMPLEMENTATIONS) {
      it(`${v.name}: ${name} accepts the signature and rejects it on another message or key`, () => {
        const sig = hex(v.signature), msg = hex(v.message), pk = hex(v.publicKey);
        expect(crypto.verify(sig, msg, pk)).toBe(true);
        expect(crypto.verify(sig, Uint8Array.from([...msg, 0]), pk)).toBe(false);
        const otherKey = pk.slice();
        otherKey[0] ^= 1;
        expect(crypto.verify(sig, msg, otherKey)).toBe(false);
      });
    }
  }

  for (const [name, crypto] of IMPLEMENTATIONS) {
    it(`${name}: wrong lengths are rejected, not thrown`, () => {
      const v = RFC8032[0];
      expect(crypto.verify(hex(v.signature).subarray(0, 63), new Uint8Array(0), hex(v.publicKey))).toBe(false);
      expect(crypto.verify(hex(v.signature), new Uint8Array(0), hex(v.publicKey).subarray(0, 31))).toBe(false);
    });
  }
});
