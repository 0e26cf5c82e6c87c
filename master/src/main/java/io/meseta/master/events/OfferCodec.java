package io.meseta.master.events;

import io.meseta.core.allocation.AgentProfile;
import io.meseta.core.allocation.LocalityLevel;
import io.meseta.core.offers.Offer;
import io.meseta.master.registry.AgentRecord;
import io.meseta.protocol.codec.ResourceCodec;

/** Turns an offer into what the framework receives: the resources plus where they are. */
public final class OfferCodec {
  private OfferCodec() {}

  public static io.meseta.protocol.thrift.Offer toWire(Offer offer, AgentRecord agent, LocalityLevel locality) {
    return new io.meseta.protocol.thrift.Offer()
        .setRack(AgentProfile.of(agent.hostname(), agent.attributes()).rack())
        .setLocality(io.meseta.protocol.thrift.LocalityLevel.valueOf(locality.name()))
        .setOfferId(offer.id().value())
        .setFrameworkId(offer.frameworkId().value())
        .setAgentId(offer.agentId().value())
        .setHostname(agent.hostname())
        .setResources(ResourceCodec.toWire(offer.resources()))
        .setAttributes(ResourceCodec.attributesToWire(agent.attributes()));
  }
}
