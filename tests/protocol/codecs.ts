// Every v1 codec as a decode/encode pair, for tests that treat them alike.
import { decodeRequest, encodeRequest } from '../../protocol/messages/request';
import { decodeCertificate, encodeCertificateBody } from '../../protocol/messages/certificate';
import { decodePayment, encodePayment } from '../../protocol/messages/payment';
import { decodeRecord, encodeRecord } from '../../protocol/messages/record';
import { decodeReceipt, encodeReceipt } from '../../protocol/messages/receipt';
import { decodeSettings, encodeSettings } from '../../protocol/messages/settings';
import { decodeAck, encodeAck } from '../../protocol/messages/ack';
import { decodeEnrolment, encodeEnrolment } from '../../protocol/messages/enrolment';
import { concatBytes } from '../../protocol/bytes';

export interface Codec {
  decode(b: Uint8Array): unknown;
  reencode(b: Uint8Array): Uint8Array;
}

export const CODECS: Record<string, Codec> = {
  request: { decode: decodeRequest, reencode: (b) => encodeRequest(decodeRequest(b)) },
  certificate: {
    decode: decodeCertificate,
    reencode: (b) => {
      const c = decodeCertificate(b);
      return concatBytes([encodeCertificateBody(c), c.signature]);
    },
  },
  payment: { decode: decodePayment, reencode: (b) => encodePayment(decodePayment(b)) },
  record: { decode: decodeRecord, reencode: (b) => encodeRecord(decodeRecord(b)) },
  receipt: { decode: decodeReceipt, reencode: (b) => encodeReceipt(decodeReceipt(b)) },
  settings: { decode: decodeSettings, reencode: (b) => encodeSettings(decodeSettings(b)) },
  ack: { decode: decodeAck, reencode: (b) => encodeAck(decodeAck(b)) },
  enrolment: { decode: decodeEnrolment, reencode: (b) => encodeEnrolment(decodeEnrolment(b)) },
};
