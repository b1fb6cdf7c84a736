#include "kith/domain/demo/demo_survey.hpp"

#include "kith/core/time.hpp"

namespace kith::domain {

using nlohmann::json;

namespace {

json wording(std::string_view en, std::string_view cy) { return json{{"en", en}, {"cy", cy}}; }

json generator(std::string_view key, std::string_view en, std::string_view cy) {
  return json{{"kind", "name_generator"},
              {"key", key},
              {"prompt", wording(en, cy)},
              {"max_names", 5},
              {"interpreters", {"relationship", "closeness", "frequency", "nearby"}}};
}

}  // namespace

json demo_instrument_definition() {
  // The three name generators are the standard ones of the literature on
  // personal networks: confiding ("discuss important matters"), practical
  // support, and regular contact.
  return json{
      {"title", wording("Connections and wellbeing survey", "Arolwg cysylltiadau a lles")},
      {"sections",
       {generator("confide", "Who do you talk to about things that matter to you?",
                  "Gyda phwy ydych chi'n siarad am bethau sy'n bwysig i chi?"),
        generator("practical", "Who could you ask for practical help, like a lift or shopping?",
                  "Pwy allech chi ofyn iddyn nhw am help ymarferol, fel lifft neu siopa?"),
        generator("weekly", "Who do you see or speak to in most weeks?",
                  "Pwy ydych chi'n eu gweld neu'n siarad â nhw yn y rhan fwyaf o wythnosau?"),
        {{"kind", "roster"},
         {"key", "groups"},
         {"of", "groups"},
         {"prompt", wording("Which of these groups do you go to?", "I ba rai o'r grwpiau hyn ydych chi'n mynd?")},
         {"ask_frequency", true}},
        {{"kind", "roster"},
         {"key", "places"},
         {"of", "places"},
         {"prompt", wording("Which of these places do you go to?", "I ba rai o'r lleoedd hyn ydych chi'n mynd?")},
         {"ask_frequency", true}},
        {{"kind", "scale"}, {"scale", "ucla3"}},
        {{"kind", "scale"}, {"scale", "ons_lonely"}},
        {{"kind", "scale"}, {"scale", "swemwbs"}},
        {{"kind", "scale"}, {"scale", "ons4"}},
        {{"kind", "demographics"}, {"fields", {"birth_band", "postcode_district"}}},
        {{"kind", "free_text"},
         {"key", "help"},
         {"prompt", wording("What would help you feel more connected?",
                            "Beth fyddai'n eich helpu i deimlo'n fwy cysylltiedig?")}}}}};
}

Result<DemoSurvey> create_demo_survey(survey::Surveys& surveys, std::string_view area_id, const model::Actor& who) {
  auto made = surveys.create_instrument(area_id, json{{"name", "Connections and wellbeing"},
                                                      {"definition", demo_instrument_definition()}},
                                        who);
  if (!made) return made.error();
  const std::string instrument = (*made)["id"];
  auto published = surveys.update_instrument(area_id, instrument, json{{"status", "published"}}, who);
  if (!published) return published.error();
  auto wave = surveys.create_wave(area_id,
                                  json{{"label", "Baseline"}, {"instrument_id", instrument},
                                       {"fieldwork_date", today_utc().str()}},
                                  who);
  if (!wave) return wave.error();
  return DemoSurvey{instrument, (*wave)["id"]};
}

}  // namespace kith::domain
